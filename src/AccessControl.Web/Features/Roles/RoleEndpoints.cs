using AccessControl.Web.Features.Auth;
using AccessControl.Core.Catalog;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Roles;

public static class RoleEndpoints
{
    public static void MapRoles(this IEndpointRouteBuilder api)
    {
        var roles = api.MapGroup("/roles").WithTags("Roles");
        roles.MapGet("/", (RoleService s, int? offset, int? limit, CancellationToken ct) => s.ListAsync(PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        roles.MapGet("/{idOrName}", async (RoleService s, HttpContext http, string idOrName, CancellationToken ct) =>
            WithETag(http, await s.GetAsync(idOrName, ct))).RequireAuthorization(Policies.Read);
        roles.MapPost("/", async (RoleService s, HttpContext http, RoleRequest body, CancellationToken ct) =>
        {
            var role = WithETag(http, await s.CreateAsync(body, ct));
            return Results.Created($"/api/v1/roles/{role.Id}", role);
        }).RequireAuthorization(Policies.Admin);
        roles.MapPut("/{idOrName}", async (RoleService s, HttpContext http, string idOrName, RoleRequest body, CancellationToken ct) =>
            WithETag(http, await s.UpdateAsync(idOrName, body, http.IfMatch(), ct))).RequireAuthorization(Policies.Admin);
        roles.MapPost("/{idOrName}/preview", (RoleService s, string idOrName, RoleRequest body, CancellationToken ct) =>
            s.PreviewUpdateAsync(idOrName, body, ct)).RequireAuthorization(Policies.Admin);
        roles.MapDelete("/{idOrName}", async (RoleService s, HttpContext http, string idOrName, CancellationToken ct) =>
        {
            await s.DeleteAsync(idOrName, http.IfMatch(), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);

        api.MapGet("/operations", (string? kind) => Operations(kind)).WithTags("Roles").RequireAuthorization(Policies.Read);
    }

    /// <summary>The permission catalog in catalog order, all of it (no paging; <c>total</c> is its size).</summary>
    private static Page<OperationDto> Operations(string? kind)
    {
        PermissionKind? filter = kind?.ToLowerInvariant() switch
        {
            null or "" => null,
            "swarm" => PermissionKind.Swarm,
            "kubernetes" => PermissionKind.Kubernetes,
            _ => throw new ValidationException("kind", $"kind must be 'swarm' or 'kubernetes', not '{kind}'."),
        };
        var items = PermissionCatalog.Default.All.Where(p => filter is null || p.Kind == filter).Select(OperationDto.From).ToList();
        return new Page<OperationDto>(items, items.Count);
    }

    private static RoleDto WithETag(HttpContext http, RoleDto dto)
    {
        http.SetETag(dto.Etag);
        return dto;
    }
}
