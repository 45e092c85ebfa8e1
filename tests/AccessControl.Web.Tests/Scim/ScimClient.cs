using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Scim;

/// <summary>A provisioning connection and a client of /scim/v2 with its token, sending application/scim+json.</summary>
public sealed class ScimClient(HttpClient http, Guid connectionId, string token, string name, string organization)
{
    public HttpClient Http { get; } = http;
    public Guid ConnectionId { get; } = connectionId;
    public string Token { get; } = token;
    public string Name { get; } = name;
    public string Organization { get; } = organization;

    public static async Task<ScimClient> ConnectAsync(ApiFixture app, string? organization = null)
    {
        var name = ApiFixture.Unique("idp");
        organization ??= ApiFixture.Unique("org");
        var created = await (await app.Client.PostJson("provisioning/connections", new { name, organization })).Expect(HttpStatusCode.Created);
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith("scim_", token);
        var http = app.CreateClient("http://localhost/scim/v2/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ScimClient(http, created.GetProperty("id").GetGuid(), token, name, organization);
    }

    public Task<HttpResponseMessage> Get(string url) => Http.GetAsync(url);
    public Task<HttpResponseMessage> Post(string url, object body) => Send(HttpMethod.Post, url, body);
    public Task<HttpResponseMessage> Put(string url, object body, string? ifMatch = null) => Send(HttpMethod.Put, url, body, ifMatch);
    public Task<HttpResponseMessage> Patch(string url, object body, string? ifMatch = null) => Send(HttpMethod.Patch, url, body, ifMatch);
    public Task<HttpResponseMessage> Delete(string url, string? ifMatch = null) => Send(HttpMethod.Delete, url, null, ifMatch);

    public Task<HttpResponseMessage> Send(HttpMethod method, string url, object? body, string? ifMatch = null, string mediaType = "application/scim+json") =>
        Http.SendAsync(Request(method, url, body, ifMatch, mediaType));

    public static HttpRequestMessage Request(HttpMethod method, string url, object? body, string? ifMatch = null, string mediaType = "application/scim+json")
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
            request.Content = new StringContent(body is string s ? s : JsonSerializer.Serialize(body), Encoding.UTF8, mediaType);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    public static JsonObject PatchOp(params object[] operations) =>
        JsonNode.Parse(JsonSerializer.Serialize(new { schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:PatchOp" }, Operations = operations }))!.AsObject();
}

public static class ScimAssertions
{
    /// <summary>Asserts the status and the SCIM media type, and returns the body (default when empty).</summary>
    public static async Task<JsonElement> Scim(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Expect(status);
        if (body.ValueKind != JsonValueKind.Undefined) Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    /// <summary>Asserts a SCIM Error with that status (as a string) and scimType, and a non-empty detail.</summary>
    public static async Task<JsonElement> ScimError(this HttpResponseMessage response, HttpStatusCode status, string? scimType = null)
    {
        var body = await response.Scim(status);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", body.GetProperty("schemas")[0].GetString());
        Assert.Equal(((int)status).ToString(), body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        if (scimType is not null) Assert.Equal(scimType, body.GetProperty("scimType").GetString());
        Assert.DoesNotContain("   at ", body.ToString());
        return body;
    }

    public static JsonElement[] Resources(this JsonElement list) => list.GetProperty("Resources").EnumerateArray().ToArray();
    public static string Id(this JsonElement resource) => resource.GetProperty("id").GetString()!;
}
