using System.Net;
using AccessControl.Data;
using AccessControl.Web.Features.Grants;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Grants;

/// <summary>What the console's grant pages use: the impact preview, a grant's reach, deleting many, the sorted grid.</summary>
public abstract class GrantConsoleApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    /// <summary>An org with a team of two users (one inactive) and a custom role; returns their names.</summary>
    private async Task<(string Org, string Active, string Inactive, string Role)> TeamOfTwo()
    {
        var org = ApiFixture.Unique("org");
        await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "ops" })).Expect(HttpStatusCode.Created);
        var (active, inactive) = (ApiFixture.Unique("ana"), ApiFixture.Unique("ivo"));
        await (await Api.PostJson("users", new { userName = active })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("users", new { userName = inactive, active = false })).Expect(HttpStatusCode.Created);
        foreach (var u in new[] { active, inactive })
            await (await Api.PutJson($"orgs/{org}/teams/ops/members/{u}", new { })).Expect(HttpStatusCode.Created);
        var role = await (await Api.PostJson("roles", new { name = ApiFixture.Unique("Restarter"), permissions = new[] { "container.restart", "container.view" } }))
            .Expect(HttpStatusCode.Created);
        return (org, active, inactive, role.Str("id"));
    }

    [Fact]
    public async Task Preview_names_the_users_a_team_grant_reaches_and_what_each_gains_and_changes_nothing()
    {
        var (org, active, inactive, role) = await TeamOfTwo();
        var body = new { subject = $"team:{org}/ops", role, resource = "collection:/Shared/Legacy" };
        var preview = await (await Api.PostJson("grants/preview", body)).Expect(HttpStatusCode.OK);
        Assert.Equal([$"user:{active}", $"user:{inactive}"], preview.GetProperty("reaches").EnumerateArray().Select(r => r.Str("subject")).Order(StringComparer.Ordinal));
        var gained = Assert.Single(preview.GetProperty("gained").EnumerateArray());
        Assert.Equal($"user:{active}", gained.Str("subject"));
        Assert.Equal("collection:/Shared/Legacy", gained.Str("resource"));
        Assert.Equal(["container.restart", "container.view"], gained.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        var none = await (await Api.GetAsync($"grants?subject=team:{org}/ops")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, none.GetProperty("total").GetInt32());

        var created = await (await Api.PostJson("grants", body)).Expect(HttpStatusCode.Created);
        var again = await (await Api.PostJson("grants/preview", body)).Expect(HttpStatusCode.OK);
        Assert.Equal(created.Str("id"), again.Str("existingGrant"));
        Assert.Equal(0, again.GetProperty("gained").GetArrayLength());
        var bad = await (await Api.PostJson("grants/preview", new { subject = "team:nope/nope", role, resource = "collection:/" })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("subject", out _));
    }

    [Fact]
    public async Task A_grants_reach_lists_its_members_with_the_membership_and_the_roles_permissions()
    {
        var (org, active, inactive, role) = await TeamOfTwo();
        var grant = await (await Api.PostJson("grants", new { subject = $"org:{org}", role, resource = "collection:/System" })).Expect(HttpStatusCode.Created);
        var reach = await (await Api.GetAsync($"grants/{grant.Str("id")}/reach")).Expect(HttpStatusCode.OK);
        Assert.Equal(grant.Str("id"), reach.GetProperty("grant").Str("id"));
        Assert.Equal(["container.restart", "container.view"], reach.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        var reaches = reach.GetProperty("reaches").EnumerateArray().ToList();
        Assert.Equal([$"user:{active}", $"user:{inactive}"], reaches.Select(r => r.Str("subject")).Order(StringComparer.Ordinal));
        Assert.All(reaches, r => Assert.Equal($"org:{org}", r.Str("via")));
        Assert.False(reaches.Single(r => r.Str("subject") == $"user:{inactive}").GetProperty("active").GetBoolean());
        await (await Api.GetAsync($"grants/{Guid.NewGuid()}/reach")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_many_counts_the_ones_someone_else_deleted_first()
    {
        var (org, _, _, role) = await TeamOfTwo();
        var ids = new List<string>();
        foreach (var resource in new[] { "collection:/System", "collection:/Shared", "collection:/Shared/Legacy" })
            ids.Add((await (await Api.PostJson("grants", new { subject = $"team:{org}/ops", role, resource })).Expect(HttpStatusCode.Created)).Str("id"));
        await (await Api.Delete($"grants/{ids[0]}")).Expect(HttpStatusCode.NoContent);

        var result = await (await Api.PostJson("grants/delete", new { ids })).Expect(HttpStatusCode.OK);
        Assert.Equal(2, result.GetProperty("deleted").GetInt32());
        Assert.Equal(1, result.GetProperty("alreadyDeleted").GetInt32());
        var left = await (await Api.GetAsync($"grants?subject=team:{org}/ops")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, left.GetProperty("total").GetInt32());
        await (await Api.PostJson("grants/delete", new { ids = Array.Empty<string>() })).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Preview_and_deleting_many_are_refused_to_callers_who_may_not_change_grants_and_nothing_changes()
    {
        var (org, _, _, role) = await TeamOfTwo();
        var body = new { subject = $"team:{org}/ops", role, resource = "collection:/System" };
        var grant = await (await Api.PostJson("grants", body)).Expect(HttpStatusCode.Created);
        foreach (var appRole in new[] { AccessControl.Web.Features.Auth.AppRoles.Viewer, AccessControl.Web.Features.Auth.AppRoles.Auditor })
        {
            var client = await app.ClientFor(appRole);
            await (await client.PostJson("grants/preview", body)).ExpectProblem(HttpStatusCode.Forbidden);
            await (await client.PostJson("grants/delete", new { ids = new[] { grant.Str("id") } })).ExpectProblem(HttpStatusCode.Forbidden);
        }
        await (await Api.GetAsync($"grants/{grant.Str("id")}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_grid_sorts_by_subject_role_and_resource_names_and_pages_in_the_database()
    {
        var (org, active, _, role) = await TeamOfTwo();
        var roleName = (await (await Api.GetAsync($"roles/{role}")).Expect(HttpStatusCode.OK)).Str("name");
        foreach (var (subject, resource) in new[] { ($"org:{org}", "collection:/System"), ($"team:{org}/ops", "collection:/Shared"), ($"user:{active}", "namespace:*") })
            await (await Api.PostJson("grants", new { subject, role, resource })).Expect(HttpStatusCode.Created);
        using var scope = app.Services.CreateScope();
        var grants = scope.ServiceProvider.GetRequiredService<GrantService>();

        async Task<List<string>> Column(GrantSort sort, bool descending, Func<GrantDto, string> pick, int offset = 0, int limit = 10) =>
            (await grants.GridAsync(new GrantGridQuery(null, role, null, sort, descending, offset, limit), CancellationToken.None)).Items.Select(pick).ToList();

        Assert.Equal([$"org:{org}", $"team:{org}/ops", $"user:{active}"], await Column(GrantSort.Subject, true, g => g.Subject));
        Assert.Equal(["namespace:*", "collection:/Shared", "collection:/System"], await Column(GrantSort.Resource, false, g => g.Resource));
        Assert.Equal(["collection:/Shared"], await Column(GrantSort.Resource, false, g => g.Resource, offset: 1, limit: 1));
        Assert.All(await Column(GrantSort.Role, false, g => g.RoleName), n => Assert.Equal(roleName, n));
        var viaApi = await (await Api.GetAsync($"grants?role={role}&sort=subject&descending=true&limit=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, viaApi.GetProperty("total").GetInt32());
        Assert.Equal([$"org:{org}", $"team:{org}/ops"], viaApi.Strings("subject"));
        var bad = await (await Api.GetAsync("grants?sort=colour")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("sort", out _));
        var page = await grants.GridAsync(new GrantGridQuery($"org:{org}", null, null, GrantSort.CreatedAt, true, 0, 10), CancellationToken.None);
        Assert.Equal(1, page.Total);
    }
}

[Trait("Database", "Sqlite")]
public sealed class GrantConsoleApiTestsOnSqlite(SqliteApiFixture app) : GrantConsoleApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class GrantConsoleApiTestsOnPostgres(PostgresApiFixture app) : GrantConsoleApiTests(app), IClassFixture<PostgresApiFixture>;
