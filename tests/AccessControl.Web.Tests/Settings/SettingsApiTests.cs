using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Settings;

public abstract class SettingsApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    [Fact]
    public async Task Settings_change_what_new_users_get_and_honour_if_match()
    {
        var initial = await (await Api.GetAsync("settings")).Expect(HttpStatusCode.OK);
        Assert.Equal("restrictedcontrol", initial.Str("defaultNewUserRole"));
        Assert.Equal("docker-datacenter", initial.Str("defaultOrganization"));

        var existing = ApiFixture.Unique("before");
        await (await Api.PostJson("users", new { userName = existing })).Expect(HttpStatusCode.Created);
        var org = ApiFixture.Unique("neworg");
        await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created);
        var changed = await (await Api.PutJson("settings", new { defaultNewUserRole = "View Only", defaultOrganization = org }, initial.Str("etag")))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("viewonly", changed.Str("defaultNewUserRole"));
        Assert.NotEqual(initial.Str("etag"), changed.Str("etag"));

        var user = ApiFixture.Unique("after");
        await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        var grants = await (await Api.GetAsync($"grants?subject=user:{user}")).Expect(HttpStatusCode.OK);
        Assert.Equal("viewonly", Assert.Single(grants.GetProperty("items").EnumerateArray()).Str("role"));
        await (await Api.GetAsync($"orgs/{org}/members/{user}")).Expect(HttpStatusCode.OK);
        await (await Api.GetAsync($"orgs/docker-datacenter/members/{existing}")).Expect(HttpStatusCode.OK);
        await (await Api.GetAsync($"orgs/{org}/members/{existing}")).ExpectProblem(HttpStatusCode.NotFound);

        await (await Api.PutJson("settings", new { defaultNewUserRole = "fullcontrol", defaultOrganization = "docker-datacenter" }, initial.Str("etag")))
            .ExpectProblem(HttpStatusCode.PreconditionFailed);
        var unknown = await (await Api.PutJson("settings", new { defaultNewUserRole = "no-role", defaultOrganization = "no-org" }, null))
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("defaultNewUserRole", out _));
        Assert.True(unknown.GetProperty("errors").TryGetProperty("defaultOrganization", out _));
        await (await Api.PutJson("settings", new { defaultNewUserRole = "viewonly" }, null)).ExpectProblem(HttpStatusCode.BadRequest);
        var current = await (await Api.GetAsync("settings")).Expect(HttpStatusCode.OK);
        Assert.Equal(changed.ToString(), current.ToString());

        await (await Api.PutJson("settings", new { defaultNewUserRole = "restrictedcontrol", defaultOrganization = "docker-datacenter" }, current.Str("etag")))
            .Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_default_new_user_role_cannot_be_deleted()
    {
        var role = await (await Api.PostJson("roles", new { name = ApiFixture.Unique("Default"), permissions = new[] { "container.view" } }))
            .Expect(HttpStatusCode.Created);
        var settings = await (await Api.PutJson("settings", new { defaultNewUserRole = role.Str("id"), defaultOrganization = "docker-datacenter" }, null))
            .Expect(HttpStatusCode.OK);
        var problem = await (await Api.Delete($"roles/{role.Str("id")}")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("default new-user role", problem.Str("detail"));
        await (await Api.PutJson("settings", new { defaultNewUserRole = "restrictedcontrol", defaultOrganization = "docker-datacenter" }, settings.Str("etag")))
            .Expect(HttpStatusCode.OK);
        await (await Api.Delete($"roles/{role.Str("id")}")).Expect(HttpStatusCode.NoContent);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SettingsApiTestsOnSqlite(SqliteApiFixture app) : SettingsApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class SettingsApiTestsOnPostgres(PostgresApiFixture app) : SettingsApiTests(app), IClassFixture<PostgresApiFixture>;
