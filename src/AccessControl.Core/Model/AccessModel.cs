using System.Collections.Immutable;

namespace AccessControl.Core.Model;

// The immutable input of the decision engine: the whole model as plain records, ids as the database keeps them.

public sealed record UserInfo(Guid Id, string UserName, bool Active, bool IsAdmin);
public sealed record OrgInfo(Guid Id, string Name);
public sealed record TeamInfo(Guid Id, Guid OrgId, string Name);
public sealed record OrgMemberInfo(Guid OrgId, Guid UserId, bool IsAdmin);
public sealed record TeamMemberInfo(Guid TeamId, Guid UserId, bool IsAdmin);
public sealed record ServiceAccountInfo(Guid Id, string Namespace, string Name);
public sealed record RoleInfo(string Id, string Name, ImmutableArray<string> Permissions);
/// <summary>A collection; <see cref="ParentId"/> is null only for the root (<c>swarm</c>, path "/").</summary>
public sealed record CollectionInfo(string Id, string? ParentId, string Name);
public sealed record NamespaceInfo(Guid Id, string Name);

/// <summary>
/// A grant: one subject (kind + id of the user, team, org or service account), one role, one resource set
/// (a collection id, a namespace id, or all namespaces).
/// </summary>
public sealed record GrantInfo(
    Guid Id, SubjectKind SubjectKind, Guid SubjectId, string RoleId,
    ResourceKind ResourceKind, string? CollectionId, Guid? NamespaceId);

public sealed partial record AccessModel(
    ImmutableArray<UserInfo> Users,
    ImmutableArray<OrgInfo> Orgs,
    ImmutableArray<TeamInfo> Teams,
    ImmutableArray<OrgMemberInfo> OrgMembers,
    ImmutableArray<TeamMemberInfo> TeamMembers,
    ImmutableArray<ServiceAccountInfo> ServiceAccounts,
    ImmutableArray<RoleInfo> Roles,
    ImmutableArray<CollectionInfo> Collections,
    ImmutableArray<NamespaceInfo> Namespaces,
    ImmutableArray<GrantInfo> Grants)
{
    public static AccessModel Empty { get; } = new([], [], [], [], [], [], [], [], [], []);
}

/// <summary>Fixed ids of the built-in collections.</summary>
public static class BuiltInCollections
{
    public const string Root = "swarm";
    public const string System = "system";
    public const string Shared = "shared";
    public const string Private = "private";
    public const string Legacy = "legacy";

    public static readonly ImmutableArray<CollectionInfo> All =
    [
        new(Root, null, ""),
        new(System, Root, "System"),
        new(Shared, Root, "Shared"),
        new(Private, Shared, "Private"),
        new(Legacy, Shared, "Legacy"),
    ];

    public static bool IsBuiltIn(string id) => id is Root or System or Shared or Private or Legacy;
}
