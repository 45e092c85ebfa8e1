using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Namespaces;

public static class NamespaceEndpoints
{
    public static void MapNamespaces(this IEndpointRouteBuilder api)
    {
        var namespaces = api.MapGroup("/namespaces").WithTags("Namespaces");
        namespaces.MapGet("/", (NamespaceService s, int? offset, int? limit, CancellationToken ct) => s.ListAsync(PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        namespaces.MapGet("/{name}", (NamespaceService s, string name, CancellationToken ct) => s.GetAsync(name, ct)).RequireAuthorization(Policies.Read);
        namespaces.MapPost("/", async (NamespaceService s, CreateNamespaceRequest body, CancellationToken ct) =>
        {
            var ns = await s.CreateAsync(body, ct);
            return Results.Created($"/api/v1/namespaces/{ns.Name}", ns);
        }).RequireAuthorization(Policies.Admin);
        namespaces.MapDelete("/{name}", async (NamespaceService s, string name, bool? cascade, CancellationToken ct) =>
        {
            await s.DeleteAsync(name, cascade ?? false, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);
    }
}
