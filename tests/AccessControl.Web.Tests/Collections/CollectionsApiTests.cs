using System.Net;
using System.Text.Json;
using AccessControl.Data;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Collections;

public abstract class CollectionsApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<JsonElement> Create(string path) =>
        await (await Api.PostJson("collections", new { path })).Expect(HttpStatusCode.Created);

    private async Task<JsonElement> ByPath(string path) =>
        await (await Api.GetAsync($"collections/by-path?path={Uri.EscapeDataString(path)}")).Expect(HttpStatusCode.OK);

    private async Task ExpectNoPath(string path) =>
        await (await Api.GetAsync($"collections/by-path?path={Uri.EscapeDataString(path)}")).ExpectProblem(HttpStatusCode.NotFound);

    [Fact]
    public async Task Collections_are_found_by_id_and_by_path_without_case()
    {
        var top = ApiFixture.Unique("Prod");
        var parent = await Create($"/{top}");
        var child = await Create($"/{top}/Api");
        Assert.Equal($"/{top}/Api", child.Str("path"));
        Assert.Equal("Api", child.Str("name"));
        Assert.Equal(parent.Str("id"), child.Str("parentId"));
        Assert.Equal($"/{top}", child.Str("parentPath"));
        Assert.False(child.GetProperty("builtIn").GetBoolean());

        var found = await ByPath($"/{top.ToUpperInvariant()}/api/");
        Assert.Equal(child.Str("id"), found.Str("id"));
        Assert.Equal($"/{top}/Api", found.Str("path"));
        var byId = await (await Api.GetAsync($"collections/{child.Str("id")}")).Expect(HttpStatusCode.OK);
        Assert.Equal(child.Str("etag"), byId.Str("etag"));
        Assert.Equal("swarm", (await ByPath("/")).Str("id"));
        await (await Api.GetAsync("collections/no-such-id")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.GetAsync("collections/by-path?path=relative")).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Listing_under_a_path_gives_the_subtree_in_path_order_with_paging()
    {
        var top = ApiFixture.Unique("tree");
        foreach (var p in new[] { $"/{top}", $"/{top}/b", $"/{top}/A", $"/{top}/A/x", $"/{top}/a-z" }) await Create(p);
        var list = await (await Api.GetAsync($"collections?under=/{top}")).Expect(HttpStatusCode.OK);
        Assert.Equal([$"/{top}", $"/{top}/A", $"/{top}/A/x", $"/{top}/a-z", $"/{top}/b"], list.Strings("path"));
        Assert.Equal(5, list.GetProperty("total").GetInt32());
        var page = await (await Api.GetAsync($"collections?under=/{top}&offset=1&limit=2")).Expect(HttpStatusCode.OK);
        Assert.Equal([$"/{top}/A", $"/{top}/A/x"], page.Strings("path"));

        var all = await (await Api.GetAsync("collections?limit=1000")).Expect(HttpStatusCode.OK);
        Assert.Equal("/", all.Strings("path").First());
        Assert.Contains("/Shared/Private", all.Strings("path"));
        await (await Api.GetAsync("collections?under=/no-such-path")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_needs_an_existing_parent_a_valid_name_and_a_free_sibling_name()
    {
        var top = ApiFixture.Unique("Parent");
        var problem = await (await Api.PostJson("collections", new { path = $"/{top}/child" })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("does not exist", problem.GetProperty("errors").GetProperty("path")[0].GetString());
        await ExpectNoPath($"/{top}");

        await Create($"/{top}");
        var duplicate = await (await Api.PostJson("collections", new { path = $"/{top.ToLowerInvariant()}" })).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("already has a collection", duplicate.Str("detail"));
        await (await Api.PostJson("collections", new { path = $"/{top}/-bad name" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await Api.PostJson("collections", new { path = "no-slash" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await Api.PostJson("collections", new { path = "/" })).ExpectProblem(HttpStatusCode.BadRequest);
        var list = await (await Api.GetAsync($"collections?under=/{top}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Depth_is_limited_to_sixteen_also_for_a_moved_subtree()
    {
        var path = "/" + ApiFixture.Unique("deep");
        await Create(path);
        for (var depth = 2; depth <= 16; depth++) await Create(path += $"/d{depth}");
        var problem = await (await Api.PostJson("collections", new { path = path + "/d17" })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("16", problem.Str("detail"));

        var mover = "/" + ApiFixture.Unique("mover");
        var moving = await Create(mover);
        await Create(mover + "/inner");
        var fifteen = path[..path.LastIndexOf('/')];
        await (await Api.PatchJson($"collections/{moving.Str("id")}", new { parent = fifteen })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(mover + "/inner", (await ByPath(mover + "/inner")).Str("path"));
        var fourteen = fifteen[..fifteen.LastIndexOf('/')];
        var moved = await (await Api.PatchJson($"collections/{moving.Str("id")}", new { parent = fourteen })).Expect(HttpStatusCode.OK);
        Assert.Equal(fourteen + mover, moved.Str("path"));
    }

    [Fact]
    public async Task Built_in_collections_cannot_be_renamed_moved_or_deleted()
    {
        var shared = await ByPath("/Shared");
        Assert.True(shared.GetProperty("builtIn").GetBoolean());
        await (await Api.PatchJson("collections/shared", new { name = "Common" })).ExpectProblem(HttpStatusCode.Conflict);
        await (await Api.PatchJson("collections/private", new { parent = "/System" })).ExpectProblem(HttpStatusCode.Conflict);
        var problem = await (await Api.Delete("collections/legacy?cascade=true")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("built-in", problem.Str("detail"));
        Assert.Equal("/Shared/Legacy", (await ByPath("/Shared/Legacy")).Str("path"));
        Assert.Equal("/Shared/Private", (await ByPath("/Shared/Private")).Str("path"));
    }

    [Fact]
    public async Task Moving_a_collection_under_itself_or_a_descendant_is_a_cycle()
    {
        var top = "/" + ApiFixture.Unique("cyc");
        var c = await Create(top);
        await Create(top + "/d");
        await Create(top + "/d/e");
        var problem = await (await Api.PatchJson($"collections/{c.Str("id")}", new { parent = top + "/d/e" })).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("cycle", problem.Str("detail"));
        await (await Api.PatchJson($"collections/{c.Str("id")}", new { parent = top })).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(top + "/d/e", (await ByPath(top + "/d/e")).Str("path"));
        Assert.Equal("/", (await ByPath(top)).Str("parentPath"));
    }

    [Fact]
    public async Task Rename_and_move_carry_the_subtree_and_its_grants()
    {
        var user = ApiFixture.Unique("mover");
        await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        var name = ApiFixture.Unique("r");
        var r = await Create("/" + name);
        await Create($"/{name}/s");
        await (await Api.PostJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = $"collection:/{name}/s" })).Expect(HttpStatusCode.Created);

        var renamed = name + "-2";
        var moved = await (await Api.PatchJson($"collections/{r.Str("id")}", new { name = renamed, parent = "/shared" }, r.Str("etag"))).Expect(HttpStatusCode.OK);
        Assert.Equal($"/Shared/{renamed}", moved.Str("path"));
        Assert.NotEqual(r.Str("etag"), moved.Str("etag"));
        await ExpectNoPath($"/{name}/s");
        Assert.Equal($"/Shared/{renamed}/s", (await ByPath($"/Shared/{renamed}/s")).Str("path"));
        var grants = await (await Api.GetAsync($"grants?resource=collection:/Shared/{renamed}/s")).Expect(HttpStatusCode.OK);
        Assert.Equal($"user:{user}", Assert.Single(grants.GetProperty("items").EnumerateArray()).Str("subject"));

        // A sibling with the same name (any case) blocks a move, and a stale ETag blocks any change.
        var other = await Create("/" + renamed.ToUpperInvariant());
        await (await Api.PatchJson($"collections/{other.Str("id")}", new { parent = "/Shared" })).ExpectProblem(HttpStatusCode.Conflict);
        await (await Api.PatchJson($"collections/{r.Str("id")}", new { name = "stale" }, r.Str("etag"))).ExpectProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal($"/Shared/{renamed}", (await ByPath($"/Shared/{renamed}")).Str("path"));
        Assert.Equal("/" + renamed.ToUpperInvariant(), (await ByPath("/" + renamed)).Str("path"));
    }

    [Fact]
    public async Task Deleting_without_cascade_is_refused_when_not_empty_and_cascade_removes_subtree_and_grants()
    {
        var user = ApiFixture.Unique("owner");
        await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        var top = "/" + ApiFixture.Unique("p");
        var p = await Create(top);
        await Create(top + "/q");
        await Create(top + "/q/r");
        await (await Api.PutJson("grants", new { subject = $"user:{user}", role = "fullcontrol", resource = $"collection:{top}/q/r" })).Expect(HttpStatusCode.Created);
        await (await Api.PutJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = $"collection:{top}" })).Expect(HttpStatusCode.Created);

        var problem = await (await Api.Delete($"collections/{p.Str("id")}")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("1 child collection(s) and 1 grant(s)", problem.Str("detail"));
        Assert.Contains("cascade=true", problem.Str("detail"));
        Assert.Equal(top + "/q/r", (await ByPath(top + "/q/r")).Str("path"));
        Assert.Equal(3, (await (await Api.GetAsync($"grants?subject=user:{user}")).Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32());

        await (await Api.Delete($"collections/{p.Str("id")}?cascade=true")).Expect(HttpStatusCode.NoContent);
        await ExpectNoPath(top);
        await ExpectNoPath(top + "/q/r");
        var left = await (await Api.GetAsync($"grants?subject=user:{user}")).Expect(HttpStatusCode.OK);
        Assert.Equal([$"collection:/Shared/Private/{user}"], left.Strings("resource"));

        // Every removed row is in the audit log, as one change (no /audit endpoint yet: read the table).
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>().CreateDbContextAsync())
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "collection.delete").ToListAsync();
            var change = entries.Single(e => e.EntityType == "Collection" && e.EntityKey == p.Str("id")).ChangeId;
            var rows = entries.Where(e => e.ChangeId == change).ToList();
            Assert.All(rows, e => Assert.Equal("Deleted", e.Operation));
            Assert.Equal(3, rows.Count(e => e.EntityType == "Collection"));
            Assert.Equal(2, rows.Count(e => e.EntityType == "Grant"));
        }

        var empty = await Create("/" + ApiFixture.Unique("empty"));
        await (await Api.Delete($"collections/{empty.Str("id")}")).Expect(HttpStatusCode.NoContent);
        await (await Api.GetAsync($"collections/{empty.Str("id")}")).ExpectProblem(HttpStatusCode.NotFound);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CollectionsApiTestsOnSqlite(SqliteApiFixture app) : CollectionsApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class CollectionsApiTestsOnPostgres(PostgresApiFixture app) : CollectionsApiTests(app), IClassFixture<PostgresApiFixture>;
