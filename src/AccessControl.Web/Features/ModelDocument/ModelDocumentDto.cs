namespace AccessControl.Web.Features.ModelDocument;

/// <summary>
/// The whole configuration as one document (api.md "The model document"). <c>GET /model</c> writes it with every list sorted, so
/// two reads of the same state are byte-identical; <c>PUT /model</c> accepts the same shape. Extensions to api.md's example:
/// <c>externalId</c> on users (when set), <c>admins</c> on teams (the team admins, also listed in <c>members</c>; omitted when
/// none), <c>description</c> on roles and the optional <c>settings</c> section. A list left out of a PUT means "none";
/// <c>settings</c> left out (or one of its fields) means "unchanged".
/// </summary>
public sealed record ModelDocumentDto(
    IReadOnlyList<ModelUser?>? Users = null,
    IReadOnlyList<ModelOrg?>? Orgs = null,
    IReadOnlyList<ModelServiceAccount?>? ServiceAccounts = null,
    IReadOnlyList<ModelRole?>? Roles = null,
    IReadOnlyList<string?>? Collections = null,
    IReadOnlyList<string?>? Namespaces = null,
    IReadOnlyList<ModelGrant?>? Grants = null,
    ModelSettings? Settings = null);

public sealed record ModelUser(string? UserName, string? DisplayName = null, string? Email = null, bool? Active = null, bool? IsAdmin = null,
    string? ExternalId = null);

public sealed record ModelOrg(string? Name, IReadOnlyList<ModelOrgMember?>? Members = null, IReadOnlyList<ModelTeam?>? Teams = null);

public sealed record ModelOrgMember(string? UserName, bool? IsAdmin = null);

/// <summary>A team; <see cref="Admins"/> lists the team admins (each also in <see cref="Members"/>), null when there are none.</summary>
public sealed record ModelTeam(string? Name, IReadOnlyList<string?>? Members = null, IReadOnlyList<string?>? Admins = null);

public sealed record ModelServiceAccount(string? Namespace, string? Name);

/// <summary>A custom role. GET lists custom roles only; a PUT may also list a built-in (by <see cref="Id"/> or name), which must
/// then match it exactly (built-ins cannot be changed).</summary>
public sealed record ModelRole(string? Name, string? Description = null, IReadOnlyList<string?>? Permissions = null, string? Id = null);

/// <summary>A grant; <see cref="Role"/> is the id of a built-in role or the name of a custom one (stable across databases).</summary>
public sealed record ModelGrant(string? Subject, string? Role, string? Resource);

public sealed record ModelSettings(string? DefaultNewUserRole = null, string? DefaultOrganization = null);

/// <summary>One change a PUT makes (or would make): <c>op</c> add/update/remove, <c>kind</c> user, org, orgMember, team,
/// teamMember, serviceAccount, role, collection, namespace, grant or setting, and the <c>key</c> that names it.</summary>
public sealed record ModelChange(string Op, string Kind, string Key, object? Before = null, object? After = null);

public sealed record ImpactEntry(string Subject, string Resource, IReadOnlyList<string> Permissions);

/// <summary>Effective permissions gained and lost by every user and service account. An admin's blanket access shows as
/// resource <c>*</c> with permission <c>*</c>.</summary>
public sealed record ModelImpact(IReadOnlyList<ImpactEntry> Gained, IReadOnlyList<ImpactEntry> Lost);

public sealed record ModelPutResult(IReadOnlyList<ModelChange> Changes, ModelImpact? Impact);
