using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Scim;

public static class ScimEndpoints
{
    /// <summary>/scim/v2, authenticated only by a provisioning connection's token (the "scim" policy).</summary>
    public static void MapScim(this IEndpointRouteBuilder app)
    {
        var scim = app.MapGroup("/scim/v2").RequireAuthorization(ScimAuthenticationHandler.Policy).ExcludeFromDescription();

        scim.MapGet("/ServiceProviderConfig", (HttpContext http) => Ok(ScimDiscovery.ServiceProviderConfig(BaseUrl(http))));
        scim.MapGet("/ResourceTypes", (HttpContext http) =>
        {
            var types = ScimDiscovery.ResourceTypes(BaseUrl(http));
            return Ok(ScimListing.ListResponse(types.Length, 1, types));
        });
        scim.MapGet("/ResourceTypes/{id}", (HttpContext http, string id) =>
            Ok(ScimDiscovery.ResourceTypes(BaseUrl(http)).FirstOrDefault(t => string.Equals((string?)t["id"], id, StringComparison.OrdinalIgnoreCase))
               ?? throw ScimException.NotFound($"Resource type '{id}'")));
        scim.MapGet("/Schemas", (HttpContext http) =>
        {
            var schemas = ScimDiscovery.Schemas(BaseUrl(http));
            return Ok(ScimListing.ListResponse(schemas.Length, 1, schemas));
        });
        scim.MapGet("/Schemas/{id}", (HttpContext http, string id) =>
            Ok(ScimDiscovery.Schemas(BaseUrl(http)).FirstOrDefault(t => string.Equals((string?)t["id"], id, StringComparison.OrdinalIgnoreCase))
               ?? throw ScimException.NotFound($"Schema '{id}'")));

        var users = scim.MapGroup("/Users");
        users.MapGet("/", async (ScimUserService s, HttpContext http, string? filter, int? startIndex, int? count, string? attributes,
            string? excludedAttributes, CancellationToken ct) =>
            Ok(await s.ListAsync(BaseUrl(http), filter, startIndex, count, attributes, excludedAttributes, ct)));
        users.MapGet("/{id}", async (ScimUserService s, HttpContext http, string id, string? attributes, string? excludedAttributes, CancellationToken ct) =>
        {
            var user = await s.GetAsync(Id(id, "User"), ct);
            return Resource(200, ScimListing.Project(ScimUserMapping.ToScim(user, BaseUrl(http)), attributes, excludedAttributes), user.Version);
        });
        users.MapPost("/", async (ScimUserService s, HttpContext http, CancellationToken ct) =>
        {
            var user = await s.CreateAsync(ScimCaller.From(http), await ScimJson.ReadObjectAsync(http.Request, ct), ct);
            return Resource(201, ScimUserMapping.ToScim(user, BaseUrl(http)), user.Version, created: true);
        });
        users.MapPut("/{id}", async (ScimUserService s, HttpContext http, string id, CancellationToken ct) =>
        {
            var user = await s.ReplaceAsync(ScimCaller.From(http), http, Id(id, "User"), await ScimJson.ReadObjectAsync(http.Request, ct), ct);
            return Resource(200, ScimUserMapping.ToScim(user, BaseUrl(http)), user.Version);
        });
        users.MapPatch("/{id}", async (ScimUserService s, HttpContext http, string id, CancellationToken ct) =>
        {
            var user = await s.PatchAsync(ScimCaller.From(http), http, Id(id, "User"), await ScimJson.ReadObjectAsync(http.Request, ct), BaseUrl(http), ct);
            return Resource(200, ScimUserMapping.ToScim(user, BaseUrl(http)), user.Version);
        });
        users.MapDelete("/{id}", async (ScimUserService s, HttpContext http, string id, CancellationToken ct) =>
        {
            await s.DeleteAsync(ScimCaller.From(http), http, Id(id, "User"), ct);
            return new ScimResult(204, null);
        });

        var groups = scim.MapGroup("/Groups");
        groups.MapGet("/", async (ScimGroupService s, HttpContext http, string? filter, int? startIndex, int? count, string? attributes,
            string? excludedAttributes, CancellationToken ct) =>
            Ok(await s.ListAsync(ScimCaller.From(http), BaseUrl(http), filter, startIndex, count, attributes, excludedAttributes, ct)));
        groups.MapGet("/{id}", async (ScimGroupService s, HttpContext http, string id, string? attributes, string? excludedAttributes, CancellationToken ct) =>
            Group(200, await s.GetAsync(ScimCaller.From(http), BaseUrl(http), Id(id, "Group"), attributes, excludedAttributes, ct)));
        groups.MapPost("/", async (ScimGroupService s, HttpContext http, CancellationToken ct) =>
            Group(201, await s.CreateAsync(ScimCaller.From(http), BaseUrl(http), await ScimJson.ReadObjectAsync(http.Request, ct), ct), created: true));
        groups.MapPut("/{id}", async (ScimGroupService s, HttpContext http, string id, CancellationToken ct) =>
            Group(200, await s.ReplaceAsync(ScimCaller.From(http), http, BaseUrl(http), Id(id, "Group"), await ScimJson.ReadObjectAsync(http.Request, ct), ct)));
        groups.MapPatch("/{id}", async (ScimGroupService s, HttpContext http, string id, CancellationToken ct) =>
        {
            await s.PatchAsync(ScimCaller.From(http), http, BaseUrl(http), Id(id, "Group"), await ScimJson.ReadObjectAsync(http.Request, ct), ct);
            return new ScimResult(204, null);
        });
        groups.MapDelete("/{id}", async (ScimGroupService s, HttpContext http, string id, CancellationToken ct) =>
        {
            await s.DeleteAsync(ScimCaller.From(http), http, Id(id, "Group"), ct);
            return new ScimResult(204, null);
        });
    }

    public static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/scim/v2";

    private static ScimResult Ok(JsonObject body) => new(200, body);

    private static ScimResult Resource(int status, JsonObject body, Guid version, bool created = false) =>
        new(status, body, created ? (string?)body["meta"]?["location"] : null, ScimETag.Format(version));

    private static ScimResult Group(int status, JsonObject body, bool created = false) =>
        new(status, body, created ? (string?)body["meta"]?["location"] : null, (string?)body["meta"]?["version"]);

    /// <summary>Ids are GUIDs; anything else names no resource (404, not 400).</summary>
    private static Guid Id(string id, string type) => Guid.TryParse(id, out var g) ? g : throw ScimException.NotFound($"{type} {id}");
}
