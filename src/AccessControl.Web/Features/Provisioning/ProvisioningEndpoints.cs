using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Scim;

namespace AccessControl.Web.Features.Provisioning;

public static class ProvisioningEndpoints
{
    public static void MapProvisioning(this IEndpointRouteBuilder api)
    {
        var connections = api.MapGroup("/provisioning/connections").WithTags("Provisioning").RequireAuthorization(Policies.Admin);
        connections.MapPost("/", async (ProvisioningService s, HttpContext http, CreateConnectionRequest body, CancellationToken ct) =>
        {
            var c = await s.CreateAsync(body, ScimEndpoints.BaseUrl(http), ct);
            http.SetETag(c.Etag);
            return Results.Created($"/api/v1/provisioning/connections/{c.Id}", c);
        });
        connections.MapGet("/", (ProvisioningService s, HttpContext http, int? offset, int? limit, CancellationToken ct) =>
            s.ListAsync(PageRequest.From(offset, limit), ScimEndpoints.BaseUrl(http), ct));
        connections.MapGet("/{id:guid}", async (ProvisioningService s, HttpContext http, Guid id, CancellationToken ct) =>
        {
            var status = await s.GetAsync(id, ScimEndpoints.BaseUrl(http), ct);
            http.SetETag(status.Connection.Etag);
            return status;
        });
        connections.MapPatch("/{id:guid}", async (ProvisioningService s, HttpContext http, Guid id, UpdateConnectionRequest body, CancellationToken ct) =>
        {
            var c = await s.UpdateAsync(id, body, http.IfMatch(), ScimEndpoints.BaseUrl(http), ct);
            http.SetETag(c.Etag);
            return c;
        });
        connections.MapPost("/{id:guid}/rotate", async (ProvisioningService s, HttpContext http, Guid id, CancellationToken ct) =>
        {
            var c = await s.RotateAsync(id, http.IfMatch(), ScimEndpoints.BaseUrl(http), ct);
            http.SetETag(c.Etag);
            return c;
        });
        connections.MapDelete("/{id:guid}", async (ProvisioningService s, HttpContext http, Guid id, CancellationToken ct) =>
        {
            await s.RevokeAsync(id, http.IfMatch(), ct);
            return Results.NoContent();
        });
    }
}
