using AccessControl.Core.Model;

namespace AccessControl.Data.Entities;

/// <summary>A row whose updates are guarded by optimistic concurrency; <see cref="Version"/> is its ETag.</summary>
public interface IVersioned
{
    Guid Version { get; set; }
}

public sealed class User : IVersioned
{
    public Guid Id { get; set; }
    public required string UserName { get; set; }
    /// <summary>Upper-invariant userName: the unique key (userName is compared case-insensitively).</summary>
    public required string NormalizedUserName { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public bool Active { get; set; } = true;
    public bool IsAdmin { get; set; }
    public string? ExternalId { get; set; }
    /// <summary>The type of <see cref="Email"/> as SCIM says it (<c>work</c>, <c>home</c>, ...).</summary>
    public string? EmailType { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? FormattedName { get; set; }
    public string? Title { get; set; }
    public string? Department { get; set; }
    public string? EmployeeNumber { get; set; }
    /// <summary>The user's manager (SCIM enterprise extension); cleared when the manager is deleted over SCIM.</summary>
    public Guid? ManagerId { get; set; }
    /// <summary>The provisioning connection that created or adopted the user; null for users made by hand.</summary>
    public Guid? ProvisionedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

public sealed class Organization : IVersioned
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid Version { get; set; }
    public List<Team> Teams { get; set; } = [];
    public List<OrgMember> Members { get; set; } = [];
}

public sealed class Team : IVersioned
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Organization? Org { get; set; }
    public required string Name { get; set; }
    /// <summary>The name as the identity provider spelled it (SCIM displayName), when it differs.</summary>
    public string? DisplayName { get; set; }
    public string? ExternalId { get; set; }
    /// <summary>The provisioning connection that created the team (a SCIM group); null for teams made by hand.</summary>
    public Guid? ProvisionedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid Version { get; set; }
    public List<TeamMember> Members { get; set; } = [];
}

public sealed class OrgMember
{
    public Guid OrgId { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public bool IsAdmin { get; set; }
}

public sealed class TeamMember
{
    public Guid TeamId { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public bool IsAdmin { get; set; }
}

public sealed class ServiceAccount
{
    public Guid Id { get; set; }
    public required string Namespace { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class Role : IVersioned
{
    /// <summary>Built-ins have fixed ids (<c>fullcontrol</c>, ...); custom roles a generated one.</summary>
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public bool BuiltIn { get; set; }
    /// <summary>Permission ids, sorted.</summary>
    public List<string> Permissions { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public Guid Version { get; set; }
}

public sealed class Collection : IVersioned
{
    /// <summary>Built-ins have fixed ids (<c>swarm</c> for "/", <c>shared</c>, ...); others a generated one.</summary>
    public required string Id { get; set; }
    /// <summary>Null only for the root.</summary>
    public string? ParentId { get; set; }
    public required string Name { get; set; }
    /// <summary>Upper-invariant name: sibling names are unique case-insensitively.</summary>
    public required string NormalizedName { get; set; }
    public bool BuiltIn { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid Version { get; set; }
}

public sealed class Namespace
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One subject, one role, one resource set. Exactly one subject column and at most one resource column is set;
/// <see cref="SubjectKey"/> and <see cref="ResourceKey"/> (e.g. <c>user:&lt;id&gt;</c>, <c>collection:&lt;id&gt;</c>,
/// <c>namespace:*</c>) carry the unique triple with the role.
/// </summary>
public sealed class Grant
{
    public Guid Id { get; set; }
    public SubjectKind SubjectKind { get; set; }
    public Guid? UserId { get; set; }
    public Guid? TeamId { get; set; }
    public Guid? OrgId { get; set; }
    public Guid? ServiceAccountId { get; set; }
    public required string RoleId { get; set; }
    public ResourceKind ResourceKind { get; set; }
    public string? CollectionId { get; set; }
    public Guid? NamespaceId { get; set; }
    public required string SubjectKey { get; set; }
    public required string ResourceKey { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The subject's name, upper-cased (user name, team or org name, namespace/name): the grants grid's sort key,
    /// kept by <see cref="GrantSortNames"/> when grants are added and when a subject is renamed. Derived; never audited.</summary>
    public string SubjectName { get; set; } = "";
    /// <summary>The resource set's own name, upper-cased (a collection's name, a namespace's, "*"): the grid's sort key.</summary>
    public string ResourceName { get; set; } = "";

    public Guid SubjectId => UserId ?? TeamId ?? OrgId ?? ServiceAccountId ?? Guid.Empty;

    public static string MakeSubjectKey(SubjectKind kind, Guid id) => $"{SubjectRef.Prefix(kind)}:{id:N}";

    public static string MakeResourceKey(ResourceKind kind, string? collectionId, Guid? namespaceId) => kind switch
    {
        ResourceKind.Collection => $"collection:{collectionId}",
        ResourceKind.Namespace => $"namespace:{namespaceId:N}",
        _ => "namespace:*",
    };
}

public sealed class Setting : IVersioned
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public Guid Version { get; set; }
}

public static class SettingKeys
{
    public const string DefaultNewUserRole = "defaultNewUserRole";
    public const string DefaultOrganization = "defaultOrganization";
    public const string DefaultNewUserRoleValue = "restrictedcontrol";
    public const string DefaultOrganizationValue = "docker-datacenter";
}

/// <summary>
/// One row change, append-only. Every SaveChanges writes one entry per added, modified or deleted row, in the same
/// transaction, with the full state before and after as JSON: replaying entries in order rebuilds any past state.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    /// <summary>All rows changed by one request share a change id.</summary>
    public Guid ChangeId { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    /// <summary>What the caller did, e.g. <c>grant.create</c>, <c>model.put</c>.</summary>
    public required string Action { get; set; }
    /// <summary>The table-level entity: User, Team, Grant, ...</summary>
    public required string EntityType { get; set; }
    /// <summary>The row's key as text (composite keys joined by '/').</summary>
    public required string EntityKey { get; set; }
    /// <summary>Added, Modified or Deleted.</summary>
    public required string Operation { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>
/// The one row (Id 1) counting committed model changes: every transaction that changes the model adds one to
/// <see cref="Value"/> just before it commits (row-locked, so the values are contiguous and in commit order).
/// App instances compare it with the version of their snapshot to notice a change they were not told about.
/// </summary>
public sealed class ModelVersion
{
    public const int RowId = 1;
    public int Id { get; set; }
    public long Value { get; set; }
}
