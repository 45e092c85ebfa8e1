using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AccessControl.Data;
using AccessControl.Web.Features.Provisioning;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AccessControl.Web.Tests.Scim;

/// <summary>Discovery, media types, authentication and the error shape (scim.md "What both clients need").</summary>
public abstract class ScimProtocolTests(ApiFixture app)
{
    [Fact]
    public async Task Service_provider_config_advertises_patch_filter_with_max_results_etag_and_bearer_tokens()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var spc = await (await scim.Get("ServiceProviderConfig")).Scim(HttpStatusCode.OK);
        Assert.True(spc.GetProperty("patch").GetProperty("supported").GetBoolean());
        Assert.True(spc.GetProperty("filter").GetProperty("supported").GetBoolean());
        Assert.Equal(JsonValueKind.Number, spc.GetProperty("filter").GetProperty("maxResults").ValueKind);
        Assert.True(spc.GetProperty("etag").GetProperty("supported").GetBoolean());
        Assert.Equal("oauthbearertoken", spc.GetProperty("authenticationSchemes")[0].GetProperty("type").GetString());
        Assert.DoesNotContain("null", spc.ToString());
    }

    [Fact]
    public async Task Resource_types_list_user_first_with_the_enterprise_extension_and_schemas_by_id()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var types = await (await scim.Get("ResourceTypes")).Scim(HttpStatusCode.OK);
        Assert.Equal(2, types.GetProperty("totalResults").GetInt32());
        var user = types.Resources()[0];
        Assert.Equal("User", user.GetProperty("name").GetString());
        Assert.Equal("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", user.GetProperty("schemaExtensions")[0].GetProperty("schema").GetString());
        await (await scim.Get("ResourceTypes/Group")).Scim(HttpStatusCode.OK);

        var schemas = await (await scim.Get("Schemas")).Scim(HttpStatusCode.OK);
        Assert.Equal(3, schemas.Resources().Length);
        Assert.DoesNotContain(": null", schemas.ToString());
        var enterprise = await (await scim.Get("Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).Scim(HttpStatusCode.OK);
        Assert.Equal("EnterpriseUser", enterprise.GetProperty("name").GetString());
        Assert.Equal("readWrite", enterprise.GetProperty("attributes")[0].GetProperty("mutability").GetString());
        await (await scim.Get("Schemas/urn:nope")).ScimError(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("ServiceProviderConfig")]
    [InlineData("ResourceTypes")]
    [InlineData("Schemas")]
    public async Task Discovery_answers_405_to_other_methods(string path)
    {
        var scim = await ScimClient.ConnectAsync(app);
        await (await scim.Post(path, new { })).ScimError(HttpStatusCode.MethodNotAllowed);
        await (await scim.Delete(path)).ScimError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Missing_wrong_revoked_and_disabled_tokens_get_a_scim_401()
    {
        var scim = await ScimClient.ConnectAsync(app);
        using var anonymous = app.CreateClient("http://localhost/scim/v2/");
        await (await anonymous.GetAsync("Users")).ScimError(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "scim_wrong");
        await (await anonymous.GetAsync("Users")).ScimError(HttpStatusCode.Unauthorized);

        await (await app.Client.PatchJson($"provisioning/connections/{scim.ConnectionId}", new { enabled = false })).Expect(HttpStatusCode.OK);
        await (await scim.Get("Users")).ScimError(HttpStatusCode.Unauthorized);
        await (await app.Client.PatchJson($"provisioning/connections/{scim.ConnectionId}", new { enabled = true })).Expect(HttpStatusCode.OK);
        await (await scim.Get("Users?count=1")).Scim(HttpStatusCode.OK);

        var rotated = await (await app.Client.PostJson($"provisioning/connections/{scim.ConnectionId}/rotate", new { })).Expect(HttpStatusCode.OK);
        await (await scim.Get("Users")).ScimError(HttpStatusCode.Unauthorized);
        scim.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", rotated.GetProperty("token").GetString());
        await (await scim.Get("Users?count=1")).Scim(HttpStatusCode.OK);

        await (await app.Client.Delete($"provisioning/connections/{scim.ConnectionId}")).Expect(HttpStatusCode.NoContent);
        await (await scim.Get("Users")).ScimError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Both_media_types_are_accepted_and_unknown_routes_are_scim_404s()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var body = new { schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:User" }, userName = ApiFixture.Unique("json") + "@x.example" };
        await (await scim.Send(HttpMethod.Post, "Users", body, mediaType: "application/json")).Scim(HttpStatusCode.Created);
        await (await scim.Get("Nothing")).ScimError(HttpStatusCode.NotFound);
        await (await scim.Get("Users/not-a-guid")).ScimError(HttpStatusCode.NotFound);
        await (await scim.Send(HttpMethod.Post, "Users", "{\"userName\": ")).ScimError(HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Fact]
    public async Task Connections_api_creates_the_org_shows_the_token_once_and_reports_status()
    {
        var scim = await ScimClient.ConnectAsync(app);
        await (await app.Client.GetAsync($"orgs/{scim.Organization}")).Expect(HttpStatusCode.OK);
        await (await scim.Get("Users?filter=userName eq \"nobody\"")).Scim(HttpStatusCode.OK);
        await (await scim.Get("Users?filter=bogus")).ScimError(HttpStatusCode.BadRequest, "invalidFilter");
        var user = await (await scim.Post("Users", new { userName = ApiFixture.Unique("own") })).Scim(HttpStatusCode.Created);

        var status = await (await app.Client.GetAsync($"provisioning/connections/{scim.ConnectionId}")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(scim.Token, status.ToString());
        Assert.Equal(3, status.GetProperty("requests").GetInt32());
        Assert.Equal(1, status.GetProperty("errors").GetInt32());
        Assert.Equal("POST", status.GetProperty("lastRequests")[0].GetProperty("method").GetString());
        Assert.Equal(user.Id(), status.GetProperty("users")[0].GetProperty("id").GetString());
        var list = await (await app.Client.GetAsync("provisioning/connections")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(scim.Token, list.ToString());
        await (await app.Client.PostJson("provisioning/connections", new { name = scim.Name, organization = "x" })).ExpectProblem(HttpStatusCode.Conflict);
        await (await app.Client.PostJson("provisioning/connections", new { name = "Bad Name", organization = "x" })).ExpectProblem(HttpStatusCode.BadRequest);
    }
}

public abstract class ScimRequestLogTests(ApiFixture app)
{
    [Fact]
    public async Task The_request_log_keeps_only_the_last_requests_of_a_connection()
    {
        var scim = await ScimClient.ConnectAsync(app);
        for (var i = 0; i < 260; i++) await (await scim.Get("ServiceProviderConfig")).Scim(HttpStatusCode.OK);
        var status = await (await app.Client.GetAsync($"provisioning/connections/{scim.ConnectionId}")).Expect(HttpStatusCode.OK);
        var kept = status.GetProperty("requests").GetInt32();
        Assert.InRange(kept, 200, 200 + 15);
        Assert.Equal(50, status.GetProperty("lastRequests").GetArrayLength());
        Assert.Equal(0, status.GetProperty("errors").GetInt32());
    }

    /// <summary>Entries still queued when the writer stops (a normal shutdown) are written, not dropped; entries recorded
    /// after it stopped are written directly.</summary>
    [Fact]
    public async Task Stopping_the_request_log_writes_everything_queued()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var dbs = app.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
        var writer = new ProvisioningRequestLog(dbs, TimeProvider.System, NullLogger<ProvisioningRequestLog>.Instance);
        await writer.StartAsync(CancellationToken.None);
        // Queued far faster than they are written: most are still in the queue when the writer is told to stop.
        var recorded = Enumerable.Range(0, 1_000).Select(i => writer.RecordAsync(scim.ConnectionId, "GET", $"/scim/v2/Users/{i}", 200, 1)).ToList();
        await writer.StopAsync(CancellationToken.None);
        await Task.WhenAll(recorded);
        await writer.RecordAsync(scim.ConnectionId, "GET", "/scim/v2/after-stop", 200, 1);
        await using var db = await dbs.CreateDbContextAsync();
        var paths = await db.ProvisioningRequests.Where(r => r.ConnectionId == scim.ConnectionId).Select(r => r.Path).ToListAsync();
        // Pruning keeps the newest Keep (+ up to PruneEvery - 1): what is there is the tail, and the last one is in it.
        Assert.InRange(paths.Count, ProvisioningRequestLog.Keep, ProvisioningRequestLog.Keep + ProvisioningRequestLog.PruneEvery);
        Assert.Contains("/scim/v2/Users/999", paths);
        Assert.Contains("/scim/v2/after-stop", paths);
    }
}

[Trait("Database", "Sqlite")]
public sealed class ScimRequestLogTestsOnSqlite(SqliteApiFixture app) : ScimRequestLogTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ScimRequestLogTestsOnPostgres(PostgresApiFixture app) : ScimRequestLogTests(app), IClassFixture<PostgresApiFixture>;

[Trait("Database", "Sqlite")]
public sealed class ScimProtocolTestsOnSqlite(SqliteApiFixture app) : ScimProtocolTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ScimProtocolTestsOnPostgres(PostgresApiFixture app) : ScimProtocolTests(app), IClassFixture<PostgresApiFixture>;
