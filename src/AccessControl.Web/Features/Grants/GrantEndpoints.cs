using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Grants;

public static class GrantEndpoints
{
    public static void MapGrants(this IEndpointRouteBuilder api)
    {
        var grants = api.MapGroup("/grants").WithTags("Grants");
        grants.MapGet("/", (GrantService s, string? subject, string? role, string? resource, int? offset, int? limit, string? sort, bool? descending,
                CancellationToken ct) =>
            sort is null
                ? s.ListAsync(subject, role, resource, PageRequest.From(offset, limit), ct)
                : s.GridAsync(new GrantGridQuery(subject, role, resource, GrantService.ParseSort(sort), descending ?? false, offset ?? 0,
                    limit ?? PageRequest.DefaultLimit), ct)).RequireAuthorization(Policies.Read);
        grants.MapGet("/{id:guid}", (GrantService s, Guid id, CancellationToken ct) => s.GetAsync(id, ct)).RequireAuthorization(Policies.Read);
        grants.MapGet("/{id:guid}/reach", (GrantService s, Guid id, CancellationToken ct) => s.DetailsAsync(id, ct)).RequireAuthorization(Policies.Read);
        grants.MapPost("/preview", (GrantService s, GrantRequest body, CancellationToken ct) => s.PreviewAsync(body, ct))
            .RequireAuthorization(Policies.Delegated);
        grants.MapPost("/delete", (GrantService s, GrantDeleteManyRequest body, CancellationToken ct) => s.DeleteManyAsync(body.Ids ?? [], ct))
            .RequireAuthorization(Policies.Delegated);
        grants.MapPost("/", async (GrantService s, GrantRequest body, CancellationToken ct) =>
        {
            var (grant, _) = await s.CreateAsync(body, idempotent: false, ct);
            return Results.Created($"/api/v1/grants/{grant.Id}", grant);
        }).RequireAuthorization(Policies.Delegated);
        grants.MapPut("/", async (GrantService s, GrantRequest body, CancellationToken ct) =>
        {
            var (grant, created) = await s.CreateAsync(body, idempotent: true, ct);
            return created ? Results.Created($"/api/v1/grants/{grant.Id}", grant) : Results.Ok(grant);
        }).RequireAuthorization(Policies.Delegated);
        grants.MapDelete("/{id:guid}", async (GrantService s, Guid id, CancellationToken ct) =>
        {
            await s.DeleteAsync(id, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Delegated);
        grants.MapDelete("/", async (GrantService s, string? subject, string? role, string? resource, CancellationToken ct) =>
        {
            await s.DeleteAsync(new GrantRequest(subject, role, resource), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Delegated);
    }
}
