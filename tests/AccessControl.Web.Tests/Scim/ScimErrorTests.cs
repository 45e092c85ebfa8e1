using System.Net;
using AccessControl.Web.Tests.Infrastructure;
using static AccessControl.Web.Tests.Scim.ScimFlowSupport;

namespace AccessControl.Web.Tests.Scim;

/// <summary>Every error case of scim.md: SCIM error shape, status and scimType, and nothing changed.</summary>
public abstract class ScimErrorTests(ApiFixture app)
{
    private async Task<(ScimClient, string Id, string UserName)> WithUser()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var userName = ApiFixture.Unique("err") + "@x.example";
        var user = await (await scim.Post("Users", new { schemas = new[] { UserSchema }, userName, displayName = "Before" })).Scim(HttpStatusCode.Created);
        return (scim, user.Id(), userName);
    }

    [Fact]
    public async Task Unknown_ids_are_404_for_every_method()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var id = Guid.NewGuid();
        foreach (var kind in new[] { "Users", "Groups" })
        {
            await (await scim.Get($"{kind}/{id}")).ScimError(HttpStatusCode.NotFound);
            await (await scim.Put($"{kind}/{id}", new { userName = "x", displayName = "x" })).ScimError(HttpStatusCode.NotFound);
            await (await scim.Patch($"{kind}/{id}", ScimClient.PatchOp(new { op = "replace", path = "displayName", value = "x" }))).ScimError(HttpStatusCode.NotFound);
            await (await scim.Delete($"{kind}/{id}")).ScimError(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Duplicate_user_names_are_409_uniqueness_on_post_put_and_patch()
    {
        var (scim, id, userName) = await WithUser();
        await (await scim.Post("Users", new { userName = userName.ToUpperInvariant() })).ScimError(HttpStatusCode.Conflict, "uniqueness");
        var other = (await (await scim.Post("Users", new { userName = ApiFixture.Unique("other") })).Scim(HttpStatusCode.Created)).Id();
        await (await scim.Patch($"Users/{other}", ScimClient.PatchOp(new { op = "replace", path = "userName", value = userName }))).ScimError(HttpStatusCode.Conflict, "uniqueness");
        await (await scim.Put($"Users/{other}", new { userName = userName.ToUpperInvariant() })).ScimError(HttpStatusCode.Conflict, "uniqueness");
    }

    [Theory]
    [InlineData("active", "maybe")]
    [InlineData("userName", "")]
    [InlineData("emails", "not a list or address")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "not-a-user")]
    public async Task Bad_values_are_400_invalidValue_and_change_nothing(string path, string value)
    {
        var (scim, id, _) = await WithUser();
        await (await scim.Patch($"Users/{id}", ScimClient.PatchOp(
            new { op = "replace", path = "displayName", value = "After" },
            new { op = "replace", path, value }))).ScimError(HttpStatusCode.BadRequest, "invalidValue");
        Assert.Equal("Before", (await (await scim.Get($"Users/{id}")).Scim(HttpStatusCode.OK)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Posting_without_a_user_name_or_a_group_without_display_name_is_400_invalidValue()
    {
        var scim = await ScimClient.ConnectAsync(app);
        await (await scim.Post("Users", new { displayName = "x" })).ScimError(HttpStatusCode.BadRequest, "invalidValue");
        await (await scim.Post("Groups", new { members = Array.Empty<object>() })).ScimError(HttpStatusCode.BadRequest, "invalidValue");
        await (await scim.Post("Groups", new { displayName = "g" + Guid.NewGuid().ToString("N")[..6], members = new[] { new { value = Guid.NewGuid() } } }))
            .ScimError(HttpStatusCode.BadRequest, "invalidValue");
    }

    [Theory]
    [InlineData("emails[type eq \"work\"")]
    [InlineData("emails[type eq]")]
    [InlineData("na me")]
    [InlineData("name..givenName")]
    [InlineData("1abc")]
    public async Task Bad_paths_are_400_invalidPath_and_change_nothing(string path)
    {
        var (scim, id, _) = await WithUser();
        await (await scim.Patch($"Users/{id}", ScimClient.PatchOp(
            new { op = "replace", path = "displayName", value = "After" },
            new { op = "replace", path, value = "x" }))).ScimError(HttpStatusCode.BadRequest, "invalidPath");
        Assert.Equal("Before", (await (await scim.Get($"Users/{id}")).Scim(HttpStatusCode.OK)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Remove_without_path_is_400_noTarget_and_unknown_ops_are_400()
    {
        var (scim, id, _) = await WithUser();
        await (await scim.Patch($"Users/{id}", ScimClient.PatchOp(new { op = "remove" }))).ScimError(HttpStatusCode.BadRequest, "noTarget");
        await (await scim.Patch($"Users/{id}", ScimClient.PatchOp(new { op = "merge", path = "title", value = "x" }))).ScimError(HttpStatusCode.BadRequest);
        await (await scim.Patch($"Users/{id}", new { schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:PatchOp" } })).ScimError(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("userName eq")]
    [InlineData("userName xx \"a\"")]
    [InlineData("(userName eq \"a\"")]
    [InlineData("userName eq \"a\" and")]
    [InlineData("unknownAttr eq \"a\"")]
    [InlineData("active eq \"perhaps\"")]
    [InlineData("userName eq \"unterminated")]
    [InlineData("meta.created gt \"yesterday\"")]
    [InlineData("emails[type eq \"work\"")]
    [InlineData("not userName eq \"a\"")]
    public async Task Unparseable_or_unsupported_filters_are_400_invalidFilter(string filter)
    {
        var scim = await ScimClient.ConnectAsync(app);
        await (await scim.Get($"Users?filter={Uri.EscapeDataString(filter)}")).ScimError(HttpStatusCode.BadRequest, "invalidFilter");
        await (await scim.Get($"Groups?filter={Uri.EscapeDataString(filter)}")).ScimError(HttpStatusCode.BadRequest, "invalidFilter");
    }

    [Fact]
    public async Task Stale_if_match_is_412_for_users_and_groups_and_changes_nothing()
    {
        var (scim, id, _) = await WithUser();
        var etag = (await scim.Get($"Users/{id}")).Headers.ETag!.ToString();
        await (await scim.Patch($"Users/{id}", ScimClient.PatchOp(new { op = "replace", path = "title", value = "One" }), etag)).Scim(HttpStatusCode.OK);
        await (await scim.Patch($"Users/{id}", ScimClient.PatchOp(new { op = "replace", path = "displayName", value = "Stale" }), etag))
            .ScimError(HttpStatusCode.PreconditionFailed);
        await (await scim.Delete($"Users/{id}", etag)).ScimError(HttpStatusCode.PreconditionFailed);
        Assert.Equal("Before", (await (await scim.Get($"Users/{id}")).Scim(HttpStatusCode.OK)).GetProperty("displayName").GetString());

        var group = await scim.Post("Groups", new { displayName = ApiFixture.Unique("grp") });
        var g = await group.Scim(HttpStatusCode.Created);
        var gEtag = group.Headers.ETag!.ToString();
        await (await scim.Patch($"Groups/{g.Id()}", ScimClient.PatchOp(new { op = "replace", path = "displayName", value = ApiFixture.Unique("grp") }), gEtag))
            .Expect(HttpStatusCode.NoContent);
        await (await scim.Patch($"Groups/{g.Id()}", ScimClient.PatchOp(new { op = "add", path = "members", value = new[] { new { value = id } } }), gEtag))
            .ScimError(HttpStatusCode.PreconditionFailed);
        Assert.False((await (await scim.Get($"Groups/{g.Id()}")).Scim(HttpStatusCode.OK)).GetProperty("members").EnumerateArray().Any());
    }

    [Fact]
    public async Task A_failing_member_operation_leaves_the_group_as_it_was()
    {
        var (scim, id, _) = await WithUser();
        var g = await (await scim.Post("Groups", new { displayName = ApiFixture.Unique("atomic") })).Scim(HttpStatusCode.Created);
        await (await scim.Patch($"Groups/{g.Id()}", ScimClient.PatchOp(
            new { op = "add", path = "members", value = new[] { new { value = id } } },
            new { op = "add", path = "members", value = new[] { new { value = Guid.NewGuid() } } }))).ScimError(HttpStatusCode.BadRequest, "invalidValue");
        Assert.False((await (await scim.Get($"Groups/{g.Id()}")).Scim(HttpStatusCode.OK)).GetProperty("members").EnumerateArray().Any());
    }

    [Fact]
    public async Task Groups_of_another_connections_organization_are_not_visible()
    {
        var a = await ScimClient.ConnectAsync(app);
        var b = await ScimClient.ConnectAsync(app);
        var g = await (await a.Post("Groups", new { displayName = ApiFixture.Unique("mine") })).Scim(HttpStatusCode.Created);
        await (await b.Get($"Groups/{g.Id()}")).ScimError(HttpStatusCode.NotFound);
        await (await b.Delete($"Groups/{g.Id()}")).ScimError(HttpStatusCode.NotFound);
    }
}

[Trait("Database", "Sqlite")]
public sealed class ScimErrorTestsOnSqlite(SqliteApiFixture app) : ScimErrorTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ScimErrorTestsOnPostgres(PostgresApiFixture app) : ScimErrorTests(app), IClassFixture<PostgresApiFixture>;
