using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Collections;

public static class CollectionEndpoints
{
    public static void MapCollections(this IEndpointRouteBuilder api)
    {
        var collections = api.MapGroup("/collections").WithTags("Collections");
        collections.MapGet("/", (CollectionService s, string? under, int? offset, int? limit, CancellationToken ct) =>
            s.ListAsync(under, PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        collections.MapGet("/by-path", async (CollectionService s, HttpContext http, string? path, CancellationToken ct) =>
            WithETag(http, await s.GetByPathAsync(path, ct))).RequireAuthorization(Policies.Read);
        collections.MapGet("/{id}/children", (CollectionService s, string id, int? offset, int? limit, CancellationToken ct) =>
            s.ChildrenAsync(id, PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        collections.MapGet("/{id}", async (CollectionService s, HttpContext http, string id, CancellationToken ct) =>
            WithETag(http, await s.GetAsync(id, ct))).RequireAuthorization(Policies.Read);
        collections.MapPost("/", async (CollectionService s, HttpContext http, CreateCollectionRequest body, CancellationToken ct) =>
        {
            var created = WithETag(http, await s.CreateAsync(body, ct));
            return Results.Created($"/api/v1/collections/{created.Id}", created);
        }).RequireAuthorization(Policies.Admin);
        collections.MapPatch("/{id}", async (CollectionService s, HttpContext http, string id, UpdateCollectionRequest body, CancellationToken ct) =>
            WithETag(http, await s.UpdateAsync(id, body, http.IfMatch(), ct))).RequireAuthorization(Policies.Admin);
        collections.MapDelete("/{id}", async (CollectionService s, HttpContext http, string id, bool? cascade, CancellationToken ct) =>
        {
            await s.DeleteAsync(id, cascade ?? false, http.IfMatch(), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);
    }

    private static CollectionDto WithETag(HttpContext http, CollectionDto dto)
    {
        http.SetETag(dto.Etag);
        return dto;
    }
}
