using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Users;

public abstract class UsersApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    [Fact]
    public async Task Creating_a_user_adds_the_default_org_a_private_collection_and_its_grant()
    {
        var name = ApiFixture.Unique("alice");
        var created = await (await Api.PostJson("users", new { userName = name, displayName = "Alice", email = "alice@example.com" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(name, created.GetProperty("userName").GetString());
        Assert.True(created.GetProperty("active").GetBoolean());

        var members = await (await Api.GetAsync($"orgs/docker-datacenter/members/{name}")).Expect(HttpStatusCode.OK);
        Assert.Equal(name, members.GetProperty("userName").GetString());
        var grants = await (await Api.GetAsync($"grants?subject=user:{name}")).Expect(HttpStatusCode.OK);
        var grant = Assert.Single(grants.GetProperty("items").EnumerateArray());
        Assert.Equal("restrictedcontrol", grant.GetProperty("role").GetString());
        Assert.Equal($"collection:/Shared/Private/{name}", grant.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task User_names_are_unique_without_case()
    {
        var name = ApiFixture.Unique("bob");
        await (await Api.PostJson("users", new { userName = name })).Expect(HttpStatusCode.Created);
        var problem = await (await Api.PostJson("users", new { userName = name.ToUpperInvariant() })).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("already exists", problem.GetProperty("detail").GetString());
        var found = await (await Api.GetAsync($"users/{name.ToUpperInvariant()}")).Expect(HttpStatusCode.OK);
        Assert.Equal(name, found.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Invalid_user_is_refused_with_field_errors()
    {
        var problem = await (await Api.PostJson("users", new { userName = "", email = "not-an-email" })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("userName", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Stale_if_match_is_refused_and_changes_nothing()
    {
        var name = ApiFixture.Unique("carol");
        var created = await (await Api.PostJson("users", new { userName = name })).Expect(HttpStatusCode.Created);
        var etag = created.GetProperty("etag").GetString()!;
        var updated = await (await Api.PatchJson($"users/{name}", new { displayName = "Carol" }, etag)).Expect(HttpStatusCode.OK);
        Assert.NotEqual(etag, updated.GetProperty("etag").GetString());

        await (await Api.PatchJson($"users/{name}", new { displayName = "Stale" }, etag)).ExpectProblem(HttpStatusCode.PreconditionFailed);
        var current = await (await Api.GetAsync($"users/{name}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Carol", current.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Deleting_a_user_removes_memberships_and_grants_and_then_answers_404()
    {
        var name = ApiFixture.Unique("dave");
        await (await Api.PostJson("users", new { userName = name })).Expect(HttpStatusCode.Created);
        await (await Api.Delete($"users/{name}")).Expect(HttpStatusCode.NoContent);
        await (await Api.GetAsync($"users/{name}")).ExpectProblem(HttpStatusCode.NotFound);
        var grants = await (await Api.GetAsync($"grants?subject=user:{name}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, grants.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Memberships_list_the_orgs_and_teams_of_a_user_with_admin_flags()
    {
        var (name, org) = (ApiFixture.Unique("erin"), ApiFixture.Unique("memberships"));
        await (await Api.PostJson("users", new { userName = name })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "backend" })).Expect(HttpStatusCode.Created);
        await (await Api.PutJson($"orgs/{org}/teams/backend/members/{name}", new { isAdmin = true })).Expect(HttpStatusCode.Created);

        var memberships = await (await Api.GetAsync($"users/{name.ToUpperInvariant()}/memberships")).Expect(HttpStatusCode.OK);
        Assert.Equal(name, memberships.GetProperty("userName").GetString());
        var orgs = memberships.GetProperty("orgs").EnumerateArray().Select(o => (o.GetProperty("org").GetString(), o.GetProperty("isAdmin").GetBoolean())).ToList();
        Assert.Equal([("docker-datacenter", false), (org, false)], orgs.OrderBy(o => o.Item1, StringComparer.Ordinal));
        var team = Assert.Single(memberships.GetProperty("teams").EnumerateArray());
        Assert.Equal(org, team.GetProperty("org").GetString());
        Assert.Equal("backend", team.GetProperty("team").GetString());
        Assert.True(team.GetProperty("isAdmin").GetBoolean());

        await (await Api.GetAsync($"users/{ApiFixture.Unique("nobody")}/memberships")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await Api.PostAsync("users", new StringContent("{\"userName\": ", System.Text.Encoding.UTF8, "application/json"));
        await response.ExpectProblem(HttpStatusCode.BadRequest);
    }
}

[Trait("Database", "Sqlite")]
public sealed class UsersApiTestsOnSqlite(SqliteApiFixture app) : UsersApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class UsersApiTestsOnPostgres(PostgresApiFixture app) : UsersApiTests(app), IClassFixture<PostgresApiFixture>;
