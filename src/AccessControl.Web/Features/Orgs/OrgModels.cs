using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Orgs;

public sealed record OrgDto(Guid Id, string Name, int MemberCount, int TeamCount, DateTime CreatedAt, string Etag)
{
    public static OrgDto From(Data.Entities.Organization o, int members, int teams) =>
        new(o.Id, o.Name, members, teams, o.CreatedAt, ETags.Format(o.Version));
}

public sealed record TeamDto(Guid Id, string Org, string Name, string? DisplayName, string? ExternalId, int MemberCount, DateTime CreatedAt, string Etag)
{
    public static TeamDto From(Data.Entities.Team t, string org, int members) =>
        new(t.Id, org, t.Name, t.DisplayName, t.ExternalId, members, t.CreatedAt, ETags.Format(t.Version));
}

public sealed record MemberDto(string UserName, bool IsAdmin, bool Active);

public sealed record CreateOrgRequest(string? Name);
public sealed record RenameOrgRequest(string? Name);
public sealed record CreateTeamRequest(string? Name, string? DisplayName = null);
/// <summary>Partial update of a team: rename and/or display name.</summary>
public sealed record UpdateTeamRequest(string? Name = null, string? DisplayName = null);
public sealed record MembershipRequest(bool? IsAdmin = null);

public sealed record OrgMembershipDto(string Org, bool IsAdmin);
public sealed record TeamMembershipDto(string Org, string Team, bool IsAdmin);
/// <summary>A user's memberships (GET /users/{userName}/memberships).</summary>
public sealed record UserMembershipsDto(string UserName, IReadOnlyList<OrgMembershipDto> Orgs, IReadOnlyList<TeamMembershipDto> Teams);
