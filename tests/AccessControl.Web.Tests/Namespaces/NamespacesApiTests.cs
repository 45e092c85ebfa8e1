using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Namespaces;

public abstract class NamespacesApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    [Fact]
    public async Task Namespaces_are_created_listed_and_unique()
    {
        var name = ApiFixture.Unique("payments");
        var created = await (await Api.PostJson("namespaces", new { name })).Expect(HttpStatusCode.Created);
        Assert.Equal(name, created.Str("name"));
        Assert.False(created.TryGetProperty("etag", out _));
        Assert.Equal(name, (await (await Api.GetAsync($"namespaces/{name}")).Expect(HttpStatusCode.OK)).Str("name"));
        Assert.Contains(name, (await (await Api.GetAsync("namespaces")).Expect(HttpStatusCode.OK)).Strings("name"));
        await (await Api.PostJson("namespaces", new { name })).ExpectProblem(HttpStatusCode.Conflict);
        await (await Api.GetAsync("namespaces/no-such-ns")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_names_and_the_wildcard_are_refused()
    {
        foreach (var bad in new[] { "Upper", "under_score", "-dash", "*", "", new string('a', 64) })
        {
            var problem = await (await Api.PostJson("namespaces", new { name = bad })).ExpectProblem(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        }
        var list = await (await Api.GetAsync("namespaces")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("*", list.Strings("name"));
    }

    [Fact]
    public async Task A_namespace_with_grants_is_deleted_only_with_cascade()
    {
        var name = ApiFixture.Unique("ns");
        var user = ApiFixture.Unique("user");
        await (await Api.PostJson("namespaces", new { name })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = $"namespace:{name}" })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = "namespace:*" })).Expect(HttpStatusCode.Created);

        var problem = await (await Api.Delete($"namespaces/{name}")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains($"user:{user} → namespace:{name}", problem.Str("detail"));
        Assert.Contains("cascade=true", problem.Str("detail"));
        await (await Api.GetAsync($"namespaces/{name}")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, (await (await Api.GetAsync($"grants?subject=user:{user}")).Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32());

        await (await Api.Delete($"namespaces/{name}?cascade=true")).Expect(HttpStatusCode.NoContent);
        await (await Api.GetAsync($"namespaces/{name}")).ExpectProblem(HttpStatusCode.NotFound);
        var left = await (await Api.GetAsync($"grants?subject=user:{user}")).Expect(HttpStatusCode.OK);
        Assert.Equal([$"collection:/Shared/Private/{user}", "namespace:*"], left.Strings("resource").Order(StringComparer.Ordinal));

        var unused = ApiFixture.Unique("unused");
        await (await Api.PostJson("namespaces", new { name = unused })).Expect(HttpStatusCode.Created);
        await (await Api.Delete($"namespaces/{unused}")).Expect(HttpStatusCode.NoContent);
    }
}

[Trait("Database", "Sqlite")]
public sealed class NamespacesApiTestsOnSqlite(SqliteApiFixture app) : NamespacesApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class NamespacesApiTestsOnPostgres(PostgresApiFixture app) : NamespacesApiTests(app), IClassFixture<PostgresApiFixture>;
