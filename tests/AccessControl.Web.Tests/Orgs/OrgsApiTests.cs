using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Orgs;

public abstract class OrgsApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<string> NewUser()
    {
        var name = ApiFixture.Unique("user");
        await (await Api.PostJson("users", new { userName = name })).Expect(HttpStatusCode.Created);
        return name;
    }

    private async Task<string> NewOrg()
    {
        var org = ApiFixture.Unique("org");
        await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created);
        return org;
    }

    [Fact]
    public async Task Adding_to_a_team_adds_to_its_org_and_leaving_the_org_leaves_its_teams()
    {
        var org = await NewOrg();
        var user = await NewUser();
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "backend" })).Expect(HttpStatusCode.Created);

        await (await Api.PutJson($"orgs/{org}/teams/backend/members/{user}", new { isAdmin = true })).Expect(HttpStatusCode.Created);
        var orgMember = await (await Api.GetAsync($"orgs/{org}/members/{user}")).Expect(HttpStatusCode.OK);
        Assert.False(orgMember.GetProperty("isAdmin").GetBoolean());
        var teamMember = await (await Api.GetAsync($"orgs/{org}/teams/backend/members/{user}")).Expect(HttpStatusCode.OK);
        Assert.True(teamMember.GetProperty("isAdmin").GetBoolean());

        // Putting again updates the flag and answers 200, not 201.
        await (await Api.PutJson($"orgs/{org}/teams/backend/members/{user}", new { isAdmin = false })).Expect(HttpStatusCode.OK);

        await (await Api.Delete($"orgs/{org}/members/{user}")).Expect(HttpStatusCode.NoContent);
        await (await Api.GetAsync($"orgs/{org}/teams/backend/members/{user}")).ExpectProblem(HttpStatusCode.NotFound);
        var team = await (await Api.GetAsync($"orgs/{org}/teams/backend")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, team.GetProperty("memberCount").GetInt32());
    }

    [Fact]
    public async Task Org_and_team_names_follow_the_lower_case_rule()
    {
        await (await Api.PostJson("orgs", new { name = "Engineering" })).ExpectProblem(HttpStatusCode.BadRequest);
        var org = await NewOrg();
        var problem = await (await Api.PostJson($"orgs/{org}/teams", new { name = "-bad" })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Duplicate_org_and_team_names_conflict()
    {
        var org = await NewOrg();
        await (await Api.PostJson("orgs", new { name = org })).ExpectProblem(HttpStatusCode.Conflict);
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "ops" })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "ops" })).ExpectProblem(HttpStatusCode.Conflict);
        // The same team name in another org is fine.
        var other = await NewOrg();
        await (await Api.PostJson($"orgs/{other}/teams", new { name = "ops" })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Renaming_a_team_keeps_its_members_and_a_stale_etag_is_refused()
    {
        var org = await NewOrg();
        var user = await NewUser();
        var team = await (await Api.PostJson($"orgs/{org}/teams", new { name = "web" })).Expect(HttpStatusCode.Created);
        var etag = team.GetProperty("etag").GetString()!;
        await (await Api.PutJson($"orgs/{org}/teams/web/members/{user}", new { })).Expect(HttpStatusCode.Created);
        var renamed = await (await Api.PatchJson($"orgs/{org}/teams/web", new { name = "frontend" }, etag)).Expect(HttpStatusCode.OK);
        Assert.Equal(1, renamed.GetProperty("memberCount").GetInt32());
        await (await Api.PatchJson($"orgs/{org}/teams/frontend", new { name = "again" }, etag)).ExpectProblem(HttpStatusCode.PreconditionFailed);
        await (await Api.GetAsync($"orgs/{org}/teams/frontend")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_default_organization_cannot_be_deleted()
    {
        var problem = await (await Api.Delete("orgs/docker-datacenter")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("default organization", problem.GetProperty("detail").GetString());
        await (await Api.GetAsync("orgs/docker-datacenter")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_an_org_removes_its_teams_and_memberships()
    {
        var org = await NewOrg();
        var user = await NewUser();
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "db" })).Expect(HttpStatusCode.Created);
        await (await Api.PutJson($"orgs/{org}/teams/db/members/{user}", new { })).Expect(HttpStatusCode.Created);
        await (await Api.Delete($"orgs/{org}")).Expect(HttpStatusCode.NoContent);
        await (await Api.GetAsync($"orgs/{org}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.GetAsync($"orgs/{org}/teams/db")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.GetAsync($"users/{user}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_user_or_org_is_a_404()
    {
        var org = await NewOrg();
        await (await Api.PutJson($"orgs/{org}/members/nobody-{Guid.NewGuid():N}", new { })).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.PutJson($"orgs/no-such-org-{Guid.NewGuid():N}/members/x", new { })).ExpectProblem(HttpStatusCode.NotFound);
    }
}

[Trait("Database", "Sqlite")]
public sealed class OrgsApiTestsOnSqlite(SqliteApiFixture app) : OrgsApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class OrgsApiTestsOnPostgres(PostgresApiFixture app) : OrgsApiTests(app), IClassFixture<PostgresApiFixture>;
