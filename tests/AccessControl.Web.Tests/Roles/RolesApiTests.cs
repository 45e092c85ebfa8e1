using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Roles;

public abstract class RolesApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<System.Text.Json.JsonElement> CreateRole(string name, params string[] permissions) =>
        await (await Api.PostJson("roles", new { name, permissions })).Expect(HttpStatusCode.Created);

    [Fact]
    public async Task Lists_the_built_in_roles_and_the_catalog()
    {
        var roles = await (await Api.GetAsync("roles")).Expect(HttpStatusCode.OK);
        var builtIns = roles.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("builtIn").GetBoolean()).Select(r => r.Str("id")).ToList();
        Assert.Equal(["fullcontrol", "none", "restrictedcontrol", "scheduler", "viewonly"], builtIns.Order());
        var scheduler = await (await Api.GetAsync("roles/scheduler")).Expect(HttpStatusCode.OK);
        Assert.Equal(["node.schedule", "node.view"], scheduler.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).Order());

        var all = await (await Api.GetAsync("operations")).Expect(HttpStatusCode.OK);
        var k8s = await (await Api.GetAsync("operations?kind=kubernetes")).Expect(HttpStatusCode.OK);
        Assert.Contains("container.create:privileged", all.Strings("id"));
        Assert.All(k8s.GetProperty("items").EnumerateArray(), p => Assert.Equal("kubernetes", p.Str("kind")));
        Assert.Contains(k8s.GetProperty("items").EnumerateArray(), p => p.Str("id") == "kubernetes.nodes.get" && p.GetProperty("clusterScoped").GetBoolean());
        Assert.True(all.GetProperty("total").GetInt32() > k8s.GetProperty("total").GetInt32());
        await (await Api.GetAsync("operations?kind=mesos")).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_role_is_found_by_id_or_by_name_without_case()
    {
        Assert.Equal("fullcontrol", (await (await Api.GetAsync("roles/FULL%20control")).Expect(HttpStatusCode.OK)).Str("id"));
        var name = ApiFixture.Unique("Deployer");
        var created = await CreateRole(name, "service.view");
        Assert.Equal(created.Str("id"), (await (await Api.GetAsync($"roles/{name.ToLowerInvariant()}")).Expect(HttpStatusCode.OK)).Str("id"));
        Assert.Equal(name, (await (await Api.GetAsync($"roles/{created.Str("id")}")).Expect(HttpStatusCode.OK)).Str("name"));
        await (await Api.GetAsync("roles/no-such-role")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_a_role_collapses_duplicates_and_sorts_permissions()
    {
        var name = ApiFixture.Unique("Sorter");
        var created = await (await Api.PostJson("roles", new { name, description = "d", permissions = new[] { "service.view", "container.view", "service.view" } }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(["container.view", "service.view"], created.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.False(created.GetProperty("builtIn").GetBoolean());
        Assert.False(string.IsNullOrEmpty(created.Str("id")));
        Assert.False(string.IsNullOrEmpty(created.Str("etag")));
    }

    [Fact]
    public async Task Role_names_are_unique_without_case()
    {
        var name = ApiFixture.Unique("Unique");
        await CreateRole(name, "container.view");
        var problem = await (await Api.PostJson("roles", new { name = name.ToUpperInvariant(), permissions = new[] { "image.view" } }))
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("already exists", problem.Str("detail"));
        await (await Api.PostJson("roles", new { name = "FullControl", permissions = Array.Empty<string>() })).ExpectProblem(HttpStatusCode.Conflict);
        var kept = await (await Api.GetAsync($"roles/{name}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["container.view"], kept.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        var other = await CreateRole(ApiFixture.Unique("Other"), "image.view");
        await (await Api.PutJson($"roles/{other.Str("id")}", new { name = name.ToLowerInvariant(), permissions = new[] { "image.view" } }, null))
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(other.Str("name"), (await (await Api.GetAsync($"roles/{other.Str("id")}")).Expect(HttpStatusCode.OK)).Str("name"));
    }

    [Fact]
    public async Task Invalid_roles_are_refused_with_field_errors_naming_unknown_permissions()
    {
        var name = ApiFixture.Unique("Bad");
        var problem = await (await Api.PostJson("roles", new { name, permissions = new[] { "container.view", "nope.view", "Container.View" } }))
            .ExpectProblem(HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("permissions")[0].GetString()!;
        Assert.Contains("nope.view", message);
        Assert.Contains("Container.View", message);
        Assert.DoesNotContain("'container.view'", message);
        var blank = await (await Api.PostJson("roles", new { name = " ", permissions = new[] { "container.view" } })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(blank.GetProperty("errors").TryGetProperty("name", out _));
        await (await Api.PostJson("roles", new { name })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await Api.GetAsync($"roles/{name}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Built_in_roles_cannot_be_edited_or_deleted()
    {
        var problem = await (await Api.PutJson("roles/viewonly", new { name = "View Only", permissions = new[] { "container.view" } }, null))
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("built-in roles cannot be edited", problem.Str("detail"));
        await (await Api.Delete("roles/viewonly")).ExpectProblem(HttpStatusCode.Conflict);
        var role = await (await Api.GetAsync("roles/viewonly")).Expect(HttpStatusCode.OK);
        Assert.True(role.GetProperty("permissions").GetArrayLength() > 1);
    }

    [Fact]
    public async Task A_role_in_use_cannot_be_deleted_and_the_error_names_the_grant()
    {
        var role = await CreateRole(ApiFixture.Unique("InUse"), "container.view");
        var user = ApiFixture.Unique("user");
        await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        var grant = await (await Api.PostJson("grants", new { subject = $"user:{user}", role = role.Str("id"), resource = "collection:/Shared" }))
            .Expect(HttpStatusCode.Created);

        var problem = await (await Api.Delete($"roles/{role.Str("id")}")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains($"user:{user} → collection:/Shared", problem.Str("detail"));
        Assert.Contains("1 grant", problem.Str("detail"));
        await (await Api.GetAsync($"roles/{role.Str("id")}")).Expect(HttpStatusCode.OK);

        await (await Api.Delete($"grants/{grant.Str("id")}")).Expect(HttpStatusCode.NoContent);
        await (await Api.Delete($"roles/{role.Str("name")}")).Expect(HttpStatusCode.NoContent);
        await (await Api.GetAsync($"roles/{role.Str("id")}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replacing_a_role_honours_if_match_and_a_stale_etag_changes_nothing()
    {
        var role = await CreateRole(ApiFixture.Unique("Editable"), "container.view");
        var id = role.Str("id");
        var newName = ApiFixture.Unique("Edited");
        var updated = await (await Api.PutJson($"roles/{id}", new { name = newName, description = "now", permissions = new[] { "volume.view", "image.view" } }, role.Str("etag")))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(["image.view", "volume.view"], updated.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.NotEqual(role.Str("etag"), updated.Str("etag"));

        await (await Api.PutJson($"roles/{id}", new { name = "Stale", permissions = Array.Empty<string>() }, role.Str("etag")))
            .ExpectProblem(HttpStatusCode.PreconditionFailed);
        await (await Api.Delete($"roles/{id}", role.Str("etag"))).ExpectProblem(HttpStatusCode.PreconditionFailed);
        var current = await (await Api.GetAsync($"roles/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(newName, current.Str("name"));
        Assert.Equal("now", current.Str("description"));
        Assert.Equal(2, current.GetProperty("permissions").GetArrayLength());
    }
}

[Trait("Database", "Sqlite")]
public sealed class RolesApiTestsOnSqlite(SqliteApiFixture app) : RolesApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class RolesApiTestsOnPostgres(PostgresApiFixture app) : RolesApiTests(app), IClassFixture<PostgresApiFixture>;
