using System.Net;
using System.Net.Http.Headers;
using AccessControl.Data;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Auth;

public abstract class ApiTokenTests(ApiFixture app)
{
    private HttpClient Admin => app.Client;

    private HttpClient With(string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_created_token_is_shown_once_works_with_its_role_and_is_listed_without_the_secret()
    {
        var name = ApiFixture.Unique("ci");
        var created = await (await Admin.PostJson("tokens", new { name, role = "Auditor", expiresInDays = 30 })).Expect(HttpStatusCode.Created);
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith("act_", token);
        Assert.Equal(4 + 43, token.Length); // act_ + base64url of 32 bytes
        Assert.Equal("Auditor", created.GetProperty("role").GetString());

        var auditor = With(token);
        await (await auditor.GetAsync("audit?limit=1")).Expect(HttpStatusCode.OK);
        var refused = await (await auditor.PostJson("users", new { userName = ApiFixture.Unique("u") })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("This needs the Administrator app role; you have Auditor.", refused.GetProperty("detail").GetString());

        var listText = await (await Admin.GetAsync("tokens")).Content.ReadAsStringAsync();
        Assert.Contains(name, listText);
        Assert.DoesNotContain(token, listText);
        Assert.DoesNotContain(token[4..], listText);
        var listed = (await (await Admin.GetAsync("tokens")).Expect(HttpStatusCode.OK)).EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        Assert.Equal(token[4..12], listed.GetProperty("prefix").GetString());
        Assert.False(listed.TryGetProperty("token", out _));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>().CreateDbContextAsync();
        var stored = await db.ApiTokens.SingleAsync(t => t.Name == name);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), stored.TokenHash);
        var audit = await db.AuditEntries.Where(a => a.Action == "token.create" && a.EntityKey == stored.Id.ToString()).SingleAsync();
        Assert.Equal($"token:{ApiFixture.AdminTokenName}", audit.Actor);
        Assert.DoesNotContain(token, audit.After);
    }

    [Fact]
    public async Task A_revoked_token_fails_with_401_saying_it_was_revoked()
    {
        var name = ApiFixture.Unique("revoked");
        var created = await (await Admin.PostJson("tokens", new { name, role = "Viewer", expiresInDays = 1 })).Expect(HttpStatusCode.Created);
        var viewer = With(created.GetProperty("token").GetString()!);
        await (await viewer.GetAsync("users")).Expect(HttpStatusCode.OK);

        await (await Admin.DeleteAsync($"tokens/{created.GetProperty("id").GetString()}")).Expect(HttpStatusCode.NoContent);
        var problem = await (await viewer.GetAsync("users")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
        // The name is free again once revoked.
        await (await Admin.PostJson("tokens", new { name, role = "Viewer", expiresInDays = 1 })).Expect(HttpStatusCode.Created);
        await (await Admin.PostJson("tokens", new { name, role = "Viewer", expiresInDays = 1 })).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_expired_token_fails_with_401_saying_it_expired()
    {
        var token = await app.CreateTokenAsync(ApiFixture.Unique("old"), AppRoles.Administrator, TimeSpan.FromMinutes(-1));
        var problem = await (await With(token).GetAsync("users")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_credentials_or_with_an_unknown_token_the_api_answers_401_problem_saying_what_to_send()
    {
        var anonymous = await (await app.Anonymous().GetAsync("users")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", anonymous.GetProperty("detail").GetString());
        var unknown = await (await With("act_" + new string('A', 43)).GetAsync("users")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("not known", unknown.GetProperty("detail").GetString());
        var foreign = await (await With("not-an-app-token").GetAsync("users")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("not an AccessControl API token", foreign.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Token_requests_are_validated_and_only_administrators_manage_tokens()
    {
        var bad = await (await Admin.PostJson("tokens", new { name = "has space", role = "Owner" })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("role", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("expires", out _));
        var viewer = await app.ClientFor(AppRoles.Viewer);
        var refused = await (await viewer.GetAsync("tokens")).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("This needs the Administrator app role; you have Viewer.", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Delegated_writes_are_refused_to_non_administrators_by_the_service()
    {
        var viewer = await app.ClientFor(AppRoles.Viewer);
        var problem = await (await viewer.PostJson("grants", new { subject = "org:docker-datacenter", role = "viewonly", resource = "collection:/" }))
            .ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Contains("Administrator", problem.GetProperty("detail").GetString());
    }
}

[Trait("Database", "Sqlite")]
public sealed class ApiTokenTestsOnSqlite(SqliteApiFixture app) : ApiTokenTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ApiTokenTestsOnPostgres(PostgresApiFixture app) : ApiTokenTests(app), IClassFixture<PostgresApiFixture>;
