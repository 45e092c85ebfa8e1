namespace AccessControl.Web.Features.Grants;

/// <summary>A grant as the API shows it: subject and resource as references, the role by id (and its name).</summary>
public sealed record GrantDto(Guid Id, string Subject, string Role, string RoleName, string Resource, string CreatedBy, DateTime CreatedAt);

public sealed record GrantRequest(string? Subject, string? Role, string? Resource);

/// <summary>Someone a grant gives permissions to: the user (or service account) and the membership it comes through.</summary>
public sealed record GrantReachEntry(string Subject, string Via, bool Active, bool IsAdmin);

/// <summary>A grant with the role's permissions and everyone it reaches (through team and org membership).</summary>
public sealed record GrantDetailsDto(GrantDto Grant, IReadOnlyList<string> Permissions, IReadOnlyList<GrantReachEntry> Reaches);

/// <summary>What creating a grant would do: whom it reaches and the permissions each gains (<c>gained</c> is empty when
/// the grant exists or everyone reached already holds those permissions).</summary>
public sealed record GrantPreviewDto(string Subject, string Role, string RoleName, string Resource, Guid? ExistingGrant,
    IReadOnlyList<GrantReachEntry> Reaches, IReadOnlyList<ModelDocument.ImpactEntry> Gained);

public sealed record GrantDeleteManyRequest(IReadOnlyList<Guid>? Ids);

/// <summary>Deleted now, and already gone (someone else deleted them first): neither is an error.</summary>
public sealed record GrantDeleteManyResult(int Deleted, int AlreadyDeleted);

/// <summary>A page of the grants grid: exact filters as for <c>GET /grants</c>, a sort column and direction.</summary>
public sealed record GrantGridQuery(string? Subject, string? Role, string? Resource, AccessControl.Data.GrantSort Sort, bool Descending, int Offset, int Limit);
