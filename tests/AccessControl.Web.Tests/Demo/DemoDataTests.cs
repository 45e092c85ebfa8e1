using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Demo;

/// <summary>The app started with <c>--seed demo</c> on the embedded database, as the README's run command does.</summary>
public sealed class DemoSqliteFixture : SqliteApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("seed", "demo")];
}

[Trait("Database", "Sqlite")]
public sealed class DemoDataTests(DemoSqliteFixture app) : IClassFixture<DemoSqliteFixture>
{
    private HttpClient Api => app.Client;

    [Fact]
    public async Task The_OrcaBank_teams_collections_and_roles_are_there()
    {
        var teams = await (await Api.GetAsync("orgs/orcabank/teams")).Expect(HttpStatusCode.OK);
        Assert.Equal(["db", "mobile", "ops", "payments", "security"],
            teams.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order());
        var users = await (await Api.GetAsync("users?limit=1000")).Expect(HttpStatusCode.OK);
        Assert.True(users.GetProperty("total").GetInt32() >= 10);
        var grants = await (await Api.GetAsync("grants?subject=team:orcabank/security")).Expect(HttpStatusCode.OK);
        Assert.Contains(grants.GetProperty("items").EnumerateArray(),
            g => g.GetProperty("resource").GetString() == "collection:/prod" && g.GetProperty("role").GetString() == "viewonly");
    }

    [Fact]
    public async Task The_demo_has_an_auditor_to_sign_in_as()
    {
        var roles = await (await Api.GetAsync("app-roles")).Expect(HttpStatusCode.OK);
        Assert.Contains(roles.EnumerateArray(), a => a.GetProperty("userName").GetString() == "omar.haddad@orcabank.example"
                 && a.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "Auditor"));
    }

    [Theory]
    [InlineData("user:sarah.chen@orcabank.example", "container.view", "collection:/prod/mobile", true)]   // security: View Only on /prod
    [InlineData("user:sarah.chen@orcabank.example", "container.create", "collection:/prod/mobile", false)]
    [InlineData("user:maria.garcia@orcabank.example", "container.create:privileged", "collection:/prod/payments", true)] // ops: Full Control on /prod
    [InlineData("user:lucas.martin@orcabank.example", "service.create", "collection:/prod/mobile", true)]  // mobile: Restricted Control
    [InlineData("user:lucas.martin@orcabank.example", "service.create", "collection:/prod/payments", false)]
    [InlineData("user:eve.former@orcabank.example", "service.view", "collection:/Shared/payments", false)] // inactive
    [InlineData("user:admin", "node.update", "collection:/System", true)]                                   // admin
    public async Task Demo_decisions_follow_the_grants(string subject, string permission, string resource, bool allowed)
    {
        var answer = await (await Api.PostJson("access/check", new { subject, permission, resource })).Expect(HttpStatusCode.OK);
        Assert.Equal(allowed, answer.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing()
    {
        var before = await (await Api.GetAsync("model")).Expect(HttpStatusCode.OK);
        var loaded = await AccessControl.Web.Features.Demo.DemoData.LoadAsync(app.Services, CancellationToken.None);
        Assert.False(loaded);
        var after = await (await Api.GetAsync("model")).Expect(HttpStatusCode.OK);
        Assert.Equal(before.ToString(), after.ToString());
    }
}
