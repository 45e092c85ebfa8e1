using System.Net;
using AccessControl.Web.Features.Roles;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Roles;

/// <summary>The impact preview of a role edit (POST /roles/{id}/preview) and the grant counts the console lists.</summary>
public abstract class RolePreviewTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    [Fact]
    public async Task Preview_names_who_gains_and_loses_which_permissions_where_and_saves_nothing()
    {
        var user = ApiFixture.Unique("previewed");
        var path = "/" + ApiFixture.Unique("preview");
        await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("collections", new { path })).Expect(HttpStatusCode.Created);
        var role = await (await Api.PostJson("roles", new { name = ApiFixture.Unique("Previewer"), permissions = new[] { "container.view", "container.logs" } }))
            .Expect(HttpStatusCode.Created);
        await (await Api.PostJson("grants", new { subject = $"user:{user}", role = role.Str("id"), resource = $"collection:{path}" })).Expect(HttpStatusCode.Created);

        var impact = await (await Api.PostJson($"roles/{role.Str("id")}/preview", new { name = role.Str("name"), permissions = new[] { "container.view", "service.view" } }))
            .Expect(HttpStatusCode.OK);

        var gained = Assert.Single(impact.GetProperty("gained").EnumerateArray(), e => e.Str("subject") == $"user:{user}");
        Assert.Equal($"collection:{path}", gained.Str("resource"));
        Assert.Equal(["service.view"], gained.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        var lost = Assert.Single(impact.GetProperty("lost").EnumerateArray(), e => e.Str("subject") == $"user:{user}");
        Assert.Equal(["container.logs"], lost.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        var unchanged = await (await Api.GetAsync($"roles/{role.Str("id")}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["container.logs", "container.view"], unchanged.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Preview_refuses_built_in_roles_unknown_permissions_and_non_administrators()
    {
        await (await Api.PostJson("roles/viewonly/preview", new { name = "View Only", permissions = new[] { "container.view" } })).ExpectProblem(HttpStatusCode.Conflict);
        var role = await (await Api.PostJson("roles", new { name = ApiFixture.Unique("Bad"), permissions = new[] { "container.view" } })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson($"roles/{role.Str("id")}/preview", new { name = "x", permissions = new[] { "container.fly" } })).ExpectProblem(HttpStatusCode.BadRequest);
        var auditor = await app.ClientFor("Auditor");
        await (await auditor.PostJson($"roles/{role.Str("id")}/preview", new { name = "x", permissions = new[] { "container.view" } })).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Grant_counts_count_the_grants_of_each_role()
    {
        var role = await (await Api.PostJson("roles", new { name = ApiFixture.Unique("Counted"), permissions = new[] { "container.view" } })).Expect(HttpStatusCode.Created);
        var path = "/" + ApiFixture.Unique("counted");
        await (await Api.PostJson("collections", new { path })).Expect(HttpStatusCode.Created);
        foreach (var i in Enumerable.Range(0, 2))
        {
            var user = ApiFixture.Unique("counted");
            await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
            await (await Api.PostJson("grants", new { subject = $"user:{user}", role = role.Str("id"), resource = $"collection:{path}" })).Expect(HttpStatusCode.Created);
        }
        using var scope = app.Services.CreateScope();
        var counts = await scope.ServiceProvider.GetRequiredService<RoleService>().GrantCountsAsync(CancellationToken.None);
        Assert.Equal(2, counts[role.Str("id")]);
    }
}

[Trait("Database", "Sqlite")]
public sealed class RolePreviewTestsOnSqlite(SqliteApiFixture app) : RolePreviewTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class RolePreviewTestsOnPostgres(PostgresApiFixture app) : RolePreviewTests(app), IClassFixture<PostgresApiFixture>;
