using System.Net;
using System.Text.Json;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Grants;

public abstract class GrantsApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<string> NewUser()
    {
        var name = ApiFixture.Unique("grantee");
        await (await Api.PostJson("users", new { userName = name })).Expect(HttpStatusCode.Created);
        return name;
    }

    private async Task<int> CountFor(string subject) =>
        (await (await Api.GetAsync($"grants?subject={Uri.EscapeDataString(subject)}")).Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32();

    [Fact]
    public async Task Post_creates_a_grant_in_stored_spelling_and_the_same_triple_again_is_409()
    {
        var user = await NewUser();
        var created = await (await Api.PostJson("grants", new { subject = $"user:{user.ToUpperInvariant()}", role = "View Only", resource = "collection:/shared/legacy" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal($"user:{user}", created.Str("subject"));
        Assert.Equal("viewonly", created.Str("role"));
        Assert.Equal("View Only", created.Str("roleName"));
        Assert.Equal("collection:/Shared/Legacy", created.Str("resource"));
        Assert.Equal($"token:{ApiFixture.AdminTokenName}", created.Str("createdBy"));
        Assert.True(created.GetProperty("createdAt").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));

        var read = await (await Api.GetAsync($"grants/{created.Str("id")}")).Expect(HttpStatusCode.OK);
        Assert.Equal(created.ToString(), read.ToString());
        var problem = await (await Api.PostJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = "collection:/Shared/Legacy" }))
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("already has role", problem.Str("detail"));
        Assert.Equal(2, await CountFor($"user:{user}"));
        await (await Api.GetAsync($"grants/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_is_idempotent_on_the_triple()
    {
        var user = await NewUser();
        var body = new { subject = $"user:{user}", role = "scheduler", resource = "collection:/Shared" };
        var first = await (await Api.PutJson("grants", body)).Expect(HttpStatusCode.Created);
        var second = await (await Api.PutJson("grants", body)).Expect(HttpStatusCode.OK);
        Assert.Equal(first.Str("id"), second.Str("id"));
        Assert.Equal(2, await CountFor($"user:{user}"));
    }

    [Fact]
    public async Task Unknown_and_malformed_references_are_field_errors_and_change_nothing()
    {
        var user = await NewUser();
        var unknown = await (await Api.PostJson("grants", new { subject = "user:nobody-" + Guid.NewGuid().ToString("N"), role = "no-role", resource = "collection:/nope/nope" }))
            .ExpectProblem(HttpStatusCode.BadRequest);
        var errors = unknown.GetProperty("errors");
        Assert.Contains("Unknown subject", errors.GetProperty("subject")[0].GetString());
        Assert.Contains("Unknown role", errors.GetProperty("role")[0].GetString());
        Assert.Contains("Unknown resource", errors.GetProperty("resource")[0].GetString());

        var mixed = await (await Api.PutJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = "namespace:no-such-ns" }))
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["resource"], mixed.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var malformed = await (await Api.PostJson("grants", new { subject = "alice", role = "viewonly", resource = "prod" })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(malformed.GetProperty("errors").TryGetProperty("subject", out _));
        Assert.True(malformed.GetProperty("errors").TryGetProperty("resource", out _));
        await (await Api.PostJson("grants", new { subject = $"user:{user}" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await Api.GetAsync("grants?subject=alice")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(1, await CountFor($"user:{user}"));
    }

    [Fact]
    public async Task Any_subject_kind_may_hold_grants_on_any_resource_kind_and_filters_combine()
    {
        var org = ApiFixture.Unique("org");
        await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "backend" })).Expect(HttpStatusCode.Created);
        var ns = ApiFixture.Unique("ns");
        await (await Api.PostJson("namespaces", new { name = ns })).Expect(HttpStatusCode.Created);
        var role = await (await Api.PostJson("roles", new { name = ApiFixture.Unique("Filter"), permissions = new[] { "kubernetes.pods.get" } }))
            .Expect(HttpStatusCode.Created);

        foreach (var (subject, resource) in new[]
                 {
                     ($"team:{org}/backend", $"namespace:{ns}"), ($"org:{org}", $"namespace:{ns}"), ($"org:{org}", "namespace:*"),
                     ($"team:{org}/backend", "collection:/"),
                 })
            await (await Api.PostJson("grants", new { subject, role = role.Str("name"), resource })).Expect(HttpStatusCode.Created);

        var byRole = await (await Api.GetAsync($"grants?role={role.Str("id")}")).Expect(HttpStatusCode.OK);
        Assert.Equal(4, byRole.GetProperty("total").GetInt32());
        var byResource = await (await Api.GetAsync($"grants?resource=namespace:{ns}&role={Uri.EscapeDataString(role.Str("name"))}")).Expect(HttpStatusCode.OK);
        Assert.Equal([$"org:{org}", $"team:{org}/backend"], byResource.Strings("subject").Order(StringComparer.Ordinal));
        var bySubject = await (await Api.GetAsync($"grants?subject=team:{org}/backend&resource=collection:/")).Expect(HttpStatusCode.OK);
        Assert.Equal("collection:/", Assert.Single(bySubject.GetProperty("items").EnumerateArray()).Str("resource"));
        var paged = await (await Api.GetAsync($"grants?role={role.Str("id")}&offset=1&limit=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(4, paged.GetProperty("total").GetInt32());
        Assert.Equal(2, paged.GetProperty("items").GetArrayLength());
        Assert.Equal(byRole.GetProperty("items")[1].Str("id"), paged.GetProperty("items")[0].Str("id"));
        var none = await (await Api.GetAsync("grants?subject=team:no-org/no-team")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Grants_are_deleted_by_id_or_by_triple()
    {
        var user = await NewUser();
        var grant = await (await Api.PostJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = "collection:/System" })).Expect(HttpStatusCode.Created);
        await (await Api.Delete($"grants/{grant.Str("id")}")).Expect(HttpStatusCode.NoContent);
        await (await Api.GetAsync($"grants/{grant.Str("id")}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.Delete($"grants/{grant.Str("id")}")).ExpectProblem(HttpStatusCode.NotFound);

        await (await Api.PostJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = "collection:/System" })).Expect(HttpStatusCode.Created);
        var triple = $"grants?subject=user:{user}&role=viewonly&resource={Uri.EscapeDataString("collection:/system")}";
        await (await Api.Delete(triple)).Expect(HttpStatusCode.NoContent);
        await (await Api.Delete(triple)).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.Delete($"grants?subject=user:{user}")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(1, await CountFor($"user:{user}"));
    }
}

[Trait("Database", "Sqlite")]
public sealed class GrantsApiTestsOnSqlite(SqliteApiFixture app) : GrantsApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class GrantsApiTestsOnPostgres(PostgresApiFixture app) : GrantsApiTests(app), IClassFixture<PostgresApiFixture>;
