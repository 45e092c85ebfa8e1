using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessControl.Web.Tests.Infrastructure;
using static AccessControl.Web.Tests.Scim.ScimFlowSupport;

namespace AccessControl.Web.Tests.Scim;

/// <summary>An Okta provisioning cycle as scim.md describes it, request by request.</summary>
public abstract class OktaProvisioningFlowTests(ApiFixture app)
{
    [Fact]
    public async Task Okta_cycle_match_create_get_then_put_deactivate_reactivate_and_group_push()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var domain = ApiFixture.Unique("okta") + ".example";
        var carol = $"carol@{domain}";

        var match = await (await scim.Get($"Users?filter=userName%20eq%20%22{Uri.EscapeDataString(carol)}%22&startIndex=1&count=100")).Scim(HttpStatusCode.OK);
        Assert.Equal(0, match.GetProperty("totalResults").GetInt32());
        Assert.Equal(1, match.GetProperty("startIndex").GetInt32());

        // POST with password and groups: both ignored; password never returned.
        var created = await (await scim.Post("Users", new
        {
            schemas = new[] { UserSchema }, userName = carol,
            name = new { givenName = "Carol", familyName = "Okta" },
            emails = new[] { new { primary = true, value = carol, type = "work" } },
            displayName = "Carol Okta", locale = "en-US", externalId = "00u1", groups = Array.Empty<object>(), password = "S3cret!pass", active = true,
        })).Scim(HttpStatusCode.Created);
        var carolId = created.Id();
        Assert.False(created.TryGetProperty("password", out _));
        Assert.DoesNotContain("S3cret", created.ToString());
        await (await app.Client.GetAsync($"orgs/{scim.Organization}/members/{carol}")).Expect(HttpStatusCode.OK);

        // GET then PUT a profile update (Okta sends the whole resource back, id and meta included).
        var current = await (await scim.Get($"Users/{carolId}")).Scim(HttpStatusCode.OK);
        var put = JsonNode.Parse(current.GetRawText())!.AsObject();
        put["name"]!["familyName"] = "Okta-Smith";
        put["displayName"] = "Carol Okta-Smith";
        put["password"] = "ignored";
        var etag = current.GetProperty("meta").GetProperty("version").GetString();
        var updated = await (await scim.Put($"Users/{carolId}", put, etag)).Scim(HttpStatusCode.OK);
        Assert.Equal("Okta-Smith", updated.GetProperty("name").GetProperty("familyName").GetString());
        Assert.Equal("Carol", updated.GetProperty("name").GetProperty("givenName").GetString());
        Assert.Equal(carol, updated.GetProperty("emails")[0].GetProperty("value").GetString());
        // A stale If-Match is refused and changes nothing.
        put["displayName"] = "Stale";
        await (await scim.Put($"Users/{carolId}", put, etag)).ScimError(HttpStatusCode.PreconditionFailed);
        Assert.Equal("Carol Okta-Smith", (await (await scim.Get($"Users/{carolId}")).Scim(HttpStatusCode.OK)).GetProperty("displayName").GetString());

        Assert.True(await Allowed(app, carol, "container.create", $"collection:/Shared/Private/{carol}"));

        // Deactivation by path-less PATCH (never DELETE).
        var off = await (await scim.Patch($"Users/{carolId}", ScimClient.PatchOp(new { op = "replace", value = new { active = false } }))).Scim(HttpStatusCode.OK);
        Assert.False(off.GetProperty("active").GetBoolean());
        Assert.False(await Allowed(app, carol, "container.create", $"collection:/Shared/Private/{carol}"));
        // ... and reactivation by PUT.
        var again = JsonNode.Parse((await (await scim.Get($"Users/{carolId}")).Scim(HttpStatusCode.OK)).GetRawText())!.AsObject();
        again["active"] = true;
        await (await scim.Put($"Users/{carolId}", again)).Scim(HttpStatusCode.OK);
        Assert.True(await Allowed(app, carol, "container.create", $"collection:/Shared/Private/{carol}"));
        // ... and deactivation by PUT.
        again["active"] = false;
        Assert.False((await (await scim.Put($"Users/{carolId}", again)).Scim(HttpStatusCode.OK)).GetProperty("active").GetBoolean());
        Assert.False(await Allowed(app, carol, "container.create", $"collection:/Shared/Private/{carol}"));
        again["active"] = true;
        await (await scim.Put($"Users/{carolId}", again)).Scim(HttpStatusCode.OK);

        var dave = (await (await scim.Post("Users", new { schemas = new[] { UserSchema }, userName = $"dave@{domain}", active = true })).Scim(HttpStatusCode.Created)).Id();

        // Group push: filter by displayName, POST, PATCH remove + add in one request, path-less rename carrying id.
        var groupName = "Okta Ops " + ApiFixture.Unique("g");
        Assert.Equal(0, (await (await scim.Get($"Groups?filter=displayName eq \"{groupName}\"&startIndex=1&count=100")).Scim(HttpStatusCode.OK))
            .GetProperty("totalResults").GetInt32());
        var group = await (await scim.Post("Groups", new { schemas = new[] { GroupSchema }, displayName = groupName, members = new[] { new { value = carolId, display = carol } } }))
            .Scim(HttpStatusCode.Created);
        var groupId = group.Id();
        Assert.Single(group.GetProperty("members").EnumerateArray());
        await (await scim.Patch($"Groups/{groupId}", ScimClient.PatchOp(
            new { op = "remove", path = $"members[value eq \"{carolId}\"]" },
            new { op = "add", path = "members", value = new[] { new { value = dave, display = $"dave@{domain}" } } }))).Expect(HttpStatusCode.NoContent);
        var team = groupName.ToLowerInvariant().Replace(' ', '-');
        Assert.Equal(new[] { $"dave@{domain}" }, await TeamMembers(app, scim.Organization, team));

        var newName = "Okta Platform " + ApiFixture.Unique("g");
        await (await scim.Patch($"Groups/{groupId}", ScimClient.PatchOp(new { op = "replace", value = new { id = groupId, displayName = newName } })))
            .Expect(HttpStatusCode.NoContent);
        var renamed = await (await scim.Get($"Groups/{groupId}")).Scim(HttpStatusCode.OK);
        Assert.Equal(newName, renamed.GetProperty("displayName").GetString());
        Assert.Equal(dave, Assert.Single(renamed.GetProperty("members").EnumerateArray()).GetProperty("value").GetString()); // untouched
        Assert.Equal(new[] { $"dave@{domain}" }, await TeamMembers(app, scim.Organization, newName.ToLowerInvariant().Replace(' ', '-')));

        // PUT of a group replaces its members.
        var putGroup = await (await scim.Put($"Groups/{groupId}", new { schemas = new[] { GroupSchema }, id = groupId, displayName = newName, members = new[] { new { value = carolId } } }))
            .Scim(HttpStatusCode.OK);
        Assert.Equal(carolId, Assert.Single(putGroup.GetProperty("members").EnumerateArray()).GetProperty("value").GetString());

        // Paging with count=100 over the connection's groups.
        var groups = await (await scim.Get("Groups?startIndex=1&count=100")).Scim(HttpStatusCode.OK);
        Assert.Equal(1, groups.GetProperty("totalResults").GetInt32());
        Assert.Equal(JsonValueKind.Number, groups.GetProperty("itemsPerPage").ValueKind);

        var audit = await AuditOf(app, $"scim:{scim.Name}");
        foreach (var action in new[] { "scim.user.create", "scim.user.replace", "scim.user.patch", "scim.group.create", "scim.group.patch", "scim.group.replace" })
            Assert.Contains(audit, e => e.GetProperty("action").GetString() == action);

        // Okta never deletes users; the user is still there, inactive users too.
        var all = await (await scim.Get($"Users?filter=userName ew \"@{domain}\"&startIndex=1&count=100")).Scim(HttpStatusCode.OK);
        Assert.Equal(2, all.GetProperty("totalResults").GetInt32());
    }
}

[Trait("Database", "Sqlite")]
public sealed class OktaProvisioningFlowTestsOnSqlite(SqliteApiFixture app) : OktaProvisioningFlowTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class OktaProvisioningFlowTestsOnPostgres(PostgresApiFixture app) : OktaProvisioningFlowTests(app), IClassFixture<PostgresApiFixture>;
