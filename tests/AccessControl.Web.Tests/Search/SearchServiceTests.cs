using AccessControl.Web.Features.Search;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Search;

public abstract class SearchServiceTests(ApiFixture app)
{
    private async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, SearchKinds kinds)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(text, kinds);
    }

    [Fact]
    public async Task Finds_users_teams_and_collections_by_part_of_their_name_without_case()
    {
        var tag = ApiFixture.Unique("srch");
        await (await app.Client.PostJson("users", new { userName = $"{tag}-user", displayName = "Searchable Person" })).Expect(System.Net.HttpStatusCode.Created);
        await (await app.Client.PostJson("orgs", new { name = tag })).Expect(System.Net.HttpStatusCode.Created);
        await (await app.Client.PostJson($"orgs/{tag}/teams", new { name = "backend" })).Expect(System.Net.HttpStatusCode.Created);
        await (await app.Client.PostJson("collections", new { path = $"/Shared/{tag}-apps" })).Expect(System.Net.HttpStatusCode.Created);

        var hits = await SearchAsync(tag.ToUpperInvariant(), SearchKinds.All);

        Assert.Contains(hits, h => h.Kind == SearchKinds.User && h.Reference == $"user:{tag}-user" && h.Href == $"/users/{tag}-user");
        Assert.Contains(hits, h => h.Kind == SearchKinds.Org && h.Reference == $"org:{tag}");
        Assert.Contains(hits, h => h.Kind == SearchKinds.Team && h.Reference == $"team:{tag}/backend" && h.Label == $"{tag}/backend");
        Assert.Contains(hits, h => h.Kind == SearchKinds.Collection && h.Reference == $"collection:/Shared/{tag}-apps");
        Assert.DoesNotContain(hits, h => h.Kind == SearchKinds.Role);
    }

    [Fact]
    public async Task Kinds_limit_what_is_found_and_a_typed_path_finds_that_collection()
    {
        var tag = ApiFixture.Unique("path");
        await (await app.Client.PostJson("collections", new { path = $"/Shared/{tag}" })).Expect(System.Net.HttpStatusCode.Created);
        await (await app.Client.PostJson("collections", new { path = $"/Shared/{tag}/inner" })).Expect(System.Net.HttpStatusCode.Created);
        await (await app.Client.PostJson("users", new { userName = $"{tag}-inner" })).Expect(System.Net.HttpStatusCode.Created);

        var hits = await SearchAsync($"/shared/{tag}/inner", SearchKinds.ResourceSets);

        var hit = Assert.Single(hits);
        Assert.Equal($"collection:/Shared/{tag}/inner", hit.Reference);
        Assert.Contains(await SearchAsync("all namespaces", SearchKinds.Namespace), h => h.Reference == "namespace:*");
        Assert.Contains(await SearchAsync("full", SearchKinds.Role), h => h.Reference == "fullcontrol");
    }
}

[Trait("Database", "Sqlite")]
public sealed class SearchServiceTestsOnSqlite(SqliteApiFixture app) : SearchServiceTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class SearchServiceTestsOnPostgres(PostgresApiFixture app) : SearchServiceTests(app), IClassFixture<PostgresApiFixture>;
