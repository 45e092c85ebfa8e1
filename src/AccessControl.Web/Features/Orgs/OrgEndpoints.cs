using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Orgs;

public static class OrgEndpoints
{
    public static void MapOrgs(this IEndpointRouteBuilder api)
    {
        var orgs = api.MapGroup("/orgs").WithTags("Organizations and teams");
        orgs.MapGet("/", (OrgService s, int? offset, int? limit, CancellationToken ct) => s.ListAsync(PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        orgs.MapGet("/{org}", async (OrgService s, HttpContext http, string org, CancellationToken ct) =>
            WithETag(http, await s.GetAsync(org, ct), o => o.Etag)).RequireAuthorization(Policies.Read);
        orgs.MapPost("/", async (OrgService s, HttpContext http, CreateOrgRequest body, CancellationToken ct) =>
        {
            var org = WithETag(http, await s.CreateAsync(body, ct), o => o.Etag);
            return Results.Created($"/api/v1/orgs/{org.Name}", org);
        }).RequireAuthorization(Policies.Admin);
        orgs.MapPatch("/{org}", async (OrgService s, HttpContext http, string org, RenameOrgRequest body, CancellationToken ct) =>
            WithETag(http, await s.RenameAsync(org, body, http.IfMatch(), ct), o => o.Etag)).RequireAuthorization(Policies.Admin);
        orgs.MapDelete("/{org}", async (OrgService s, HttpContext http, string org, CancellationToken ct) =>
        {
            await s.DeleteAsync(org, http.IfMatch(), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);

        var members = orgs.MapGroup("/{org}/members");
        members.MapGet("/", (MembershipService s, string org, int? offset, int? limit, CancellationToken ct) =>
            s.ListOrgMembersAsync(org, PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        members.MapGet("/{userName}", (MembershipService s, string org, string userName, CancellationToken ct) =>
            s.GetOrgMemberAsync(org, userName, ct)).RequireAuthorization(Policies.Read);
        members.MapPut("/{userName}", async (MembershipService s, string org, string userName, MembershipRequest? body, CancellationToken ct) =>
            Created(await s.PutOrgMemberAsync(org, userName, body ?? new MembershipRequest(), ct), $"/api/v1/orgs/{org}/members/{userName}")).RequireAuthorization(Policies.Delegated);
        members.MapDelete("/{userName}", async (MembershipService s, string org, string userName, CancellationToken ct) =>
        {
            await s.RemoveOrgMemberAsync(org, userName, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Delegated);

        var teams = orgs.MapGroup("/{org}/teams");
        teams.MapGet("/", (TeamService s, string org, int? offset, int? limit, CancellationToken ct) => s.ListAsync(org, PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        teams.MapGet("/{team}", async (TeamService s, HttpContext http, string org, string team, CancellationToken ct) =>
            WithETag(http, await s.GetAsync(org, team, ct), t => t.Etag)).RequireAuthorization(Policies.Read);
        teams.MapPost("/", async (TeamService s, HttpContext http, string org, CreateTeamRequest body, CancellationToken ct) =>
        {
            var team = WithETag(http, await s.CreateAsync(org, body, ct), t => t.Etag);
            return Results.Created($"/api/v1/orgs/{org}/teams/{team.Name}", team);
        }).RequireAuthorization(Policies.Delegated);
        teams.MapPatch("/{team}", async (TeamService s, HttpContext http, string org, string team, UpdateTeamRequest body, CancellationToken ct) =>
            WithETag(http, await s.UpdateAsync(org, team, body, http.IfMatch(), ct), t => t.Etag)).RequireAuthorization(Policies.Delegated);
        teams.MapDelete("/{team}", async (TeamService s, HttpContext http, string org, string team, CancellationToken ct) =>
        {
            await s.DeleteAsync(org, team, http.IfMatch(), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Delegated);

        var teamMembers = teams.MapGroup("/{team}/members");
        teamMembers.MapGet("/", (MembershipService s, string org, string team, int? offset, int? limit, CancellationToken ct) =>
            s.ListTeamMembersAsync(org, team, PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        teamMembers.MapGet("/{userName}", (MembershipService s, string org, string team, string userName, CancellationToken ct) =>
            s.GetTeamMemberAsync(org, team, userName, ct)).RequireAuthorization(Policies.Read);
        teamMembers.MapPut("/{userName}", async (MembershipService s, string org, string team, string userName, MembershipRequest? body, CancellationToken ct) =>
            Created(await s.PutTeamMemberAsync(org, team, userName, body ?? new MembershipRequest(), ct), $"/api/v1/orgs/{org}/teams/{team}/members/{userName}")).RequireAuthorization(Policies.Delegated);
        teamMembers.MapDelete("/{userName}", async (MembershipService s, string org, string team, string userName, CancellationToken ct) =>
        {
            await s.RemoveTeamMemberAsync(org, team, userName, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Delegated);
    }

    private static T WithETag<T>(HttpContext http, T dto, Func<T, string> etag)
    {
        http.SetETag(etag(dto));
        return dto;
    }

    private static IResult Created((MemberDto Member, bool Created) result, string location) =>
        result.Created ? Results.Created(location, result.Member) : Results.Ok(result.Member);
}
