using AccessControl.Web.Features.Auth;

namespace AccessControl.Web.Features.AppRoleAssignments;

public static class AppRoleEndpoints
{
    public static void MapAppRoles(this IEndpointRouteBuilder api)
    {
        var roles = api.MapGroup("/app-roles").WithTags("App roles");
        roles.MapGet("/", (AppRoleService s, CancellationToken ct) => s.ListAsync(ct)).RequireAuthorization(Policies.Admin);
        roles.MapPut("/{userName}", (AppRoleService s, string userName, AppRolesRequest body, CancellationToken ct) =>
            s.PutAsync(userName, body, ct)).RequireAuthorization(Policies.Admin);
        roles.MapDelete("/{userName}", async (AppRoleService s, string userName, CancellationToken ct) =>
        {
            await s.DeleteAsync(userName, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);
    }
}
