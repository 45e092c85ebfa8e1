using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Orgs;

namespace AccessControl.Web.Features.Users;

public static class UserEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", (UserService s, string? search, bool? active, int? offset, int? limit, CancellationToken ct) =>
            s.ListAsync(search, active, PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        users.MapGet("/{userName}", async (UserService s, HttpContext http, string userName, CancellationToken ct) =>
        {
            var user = await s.GetAsync(userName, ct);
            http.SetETag(user.Etag);
            return user;
        }).RequireAuthorization(Policies.Read);
        users.MapGet("/{userName}/memberships", (MembershipService s, string userName, CancellationToken ct) =>
            s.ListUserMembershipsAsync(userName, ct)).RequireAuthorization(Policies.Read);
        users.MapPost("/", async (UserService s, HttpContext http, CreateUserRequest body, CancellationToken ct) =>
        {
            var user = await s.CreateAsync(body, ct);
            http.SetETag(user.Etag);
            return Results.Created($"/api/v1/users/{Uri.EscapeDataString(user.UserName)}", user);
        }).RequireAuthorization(Policies.Admin);
        users.MapPatch("/{userName}", async (UserService s, HttpContext http, string userName, UpdateUserRequest body, CancellationToken ct) =>
        {
            var user = await s.UpdateAsync(userName, body, http.IfMatch(), ct);
            http.SetETag(user.Etag);
            return user;
        }).RequireAuthorization(Policies.Admin);
        users.MapDelete("/{userName}", async (UserService s, HttpContext http, string userName, CancellationToken ct) =>
        {
            await s.DeleteAsync(userName, http.IfMatch(), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);
    }
}
