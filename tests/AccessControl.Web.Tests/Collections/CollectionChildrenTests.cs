using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Collections;

/// <summary>GET /collections/{id}/children: one level of the tree with child counts, for the console's lazy tree.</summary>
public abstract class CollectionChildrenTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<System.Text.Json.JsonElement> Create(string path) =>
        await (await Api.PostJson("collections", new { path })).Expect(HttpStatusCode.Created);

    [Fact]
    public async Task Children_are_one_level_by_name_with_their_own_child_counts_and_paths()
    {
        var top = "/" + ApiFixture.Unique("tree");
        var parent = await Create(top);
        await Create(top + "/beta");
        await Create(top + "/Alpha");
        await Create(top + "/Alpha/one");
        await Create(top + "/Alpha/two");
        await Create(top + "/Alpha/two/deep");

        var page = await (await Api.GetAsync($"collections/{parent.Str("id")}/children")).Expect(HttpStatusCode.OK);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(["Alpha", "beta"], items.Select(i => i.Str("name")));
        Assert.Equal([top + "/Alpha", top + "/beta"], items.Select(i => i.Str("path")));
        Assert.Equal([2, 0], items.Select(i => i.GetProperty("childCount").GetInt32()));

        var second = await (await Api.GetAsync($"collections/{parent.Str("id")}/children?offset=1&limit=1")).Expect(HttpStatusCode.OK);
        Assert.Equal("beta", Assert.Single(second.GetProperty("items").EnumerateArray()).Str("name"));
        await (await Api.GetAsync("collections/no-such-id/children")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_root_lists_the_built_in_top_level_collections()
    {
        var root = await (await Api.GetAsync("collections/swarm/children?limit=500")).Expect(HttpStatusCode.OK);
        var shared = Assert.Single(root.GetProperty("items").EnumerateArray(), i => i.Str("path") == "/Shared");
        Assert.True(shared.GetProperty("builtIn").GetBoolean());
    }
}

[Trait("Database", "Sqlite")]
public sealed class CollectionChildrenTestsOnSqlite(SqliteApiFixture app) : CollectionChildrenTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class CollectionChildrenTestsOnPostgres(PostgresApiFixture app) : CollectionChildrenTests(app), IClassFixture<PostgresApiFixture>;
