using System.Net;
using AccessControl.Web.Tests.Infrastructure;
using static AccessControl.Web.Tests.Scim.ScimFlowSupport;

namespace AccessControl.Web.Tests.Scim;

/// <summary>A Microsoft Entra ID provisioning cycle as scim.md describes it, request by request.</summary>
public abstract class EntraProvisioningFlowTests(ApiFixture app)
{
    [Fact]
    public async Task Entra_cycle_test_match_create_update_manager_groups_rename_deactivate_reactivate_delete()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var domain = ApiFixture.Unique("contoso") + ".example";
        var alice = $"alice@{domain}";
        var bob = $"bob@{domain}";

        // Test connection: a random userName matches nothing (200, empty list, not 404).
        var test = await (await scim.Get($"Users?filter=userName eq \"{Guid.NewGuid()}\"")).Scim(HttpStatusCode.OK);
        Assert.Equal(0, test.GetProperty("totalResults").GetInt32());
        Assert.Empty(test.Resources());
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", test.GetProperty("schemas")[0].GetString());

        // Match by userName, then by externalId, then create.
        Assert.Equal(0, (await (await scim.Get($"Users?filter=userName eq \"{alice}\"")).Scim(HttpStatusCode.OK)).GetProperty("totalResults").GetInt32());
        Assert.Equal(0, (await (await scim.Get("Users?filter=externalId eq \"alice-ext\"")).Scim(HttpStatusCode.OK)).GetProperty("totalResults").GetInt32());
        var created = await scim.Post("Users", new Dictionary<string, object>
        {
            ["schemas"] = new[] { UserSchema, Enterprise },
            ["externalId"] = "alice-ext", ["userName"] = alice, ["active"] = true, ["displayName"] = "Alice Example",
            ["emails"] = new[] { new { primary = true, type = "work", value = alice } },
            ["meta"] = new { resourceType = "User" },
            ["name"] = new { formatted = "Alice Example", familyName = "Example", givenName = "Alice" },
            ["title"] = "Engineer",
            [Enterprise] = new { department = "R&D", employeeNumber = "42" },
        });
        var a = await created.Scim(HttpStatusCode.Created);
        var aliceId = a.Id();
        Assert.Equal($"http://localhost/scim/v2/Users/{aliceId}", created.Headers.Location?.ToString());
        Assert.Equal(created.Headers.Location?.ToString(), a.GetProperty("meta").GetProperty("location").GetString());
        Assert.Equal(created.Headers.ETag?.ToString(), a.GetProperty("meta").GetProperty("version").GetString());
        Assert.True(a.GetProperty("meta").TryGetProperty("created", out _));
        Assert.True(a.GetProperty("meta").TryGetProperty("lastModified", out _));
        Assert.Equal("R&D", a.GetProperty(Enterprise).GetProperty("department").GetString());
        Assert.Equal("Alice", a.GetProperty("name").GetProperty("givenName").GetString());

        // The user joined the connection's org and the default org, and got a private collection with its grant.
        await (await app.Client.GetAsync($"orgs/{scim.Organization}/members/{alice}")).Expect(HttpStatusCode.OK);
        await (await app.Client.GetAsync($"orgs/docker-datacenter/members/{alice}")).Expect(HttpStatusCode.OK);
        Assert.True(await Allowed(app, alice, "container.create", $"collection:/Shared/Private/{alice}"));

        // Duplicate userName (other case): 409 uniqueness; the same rule as the filter.
        await (await scim.Post("Users", new { schemas = new[] { UserSchema }, userName = alice.ToUpperInvariant() })).ScimError(HttpStatusCode.Conflict, "uniqueness");
        var byUpper = await (await scim.Get($"Users?filter=USERNAME EQ \"{alice.ToUpperInvariant()}\"")).Scim(HttpStatusCode.OK);
        Assert.Equal(aliceId, Assert.Single(byUpper.Resources()).Id());
        var byExternal = await (await scim.Get("Users?filter=externalId eq \"ALICE-EXT\"")).Scim(HttpStatusCode.OK);
        Assert.Empty(byExternal.Resources()); // externalId is caseExact

        var bobId = (await (await scim.Post("Users", new { schemas = new[] { UserSchema }, userName = bob, externalId = "bob-ext", active = true }))
            .Scim(HttpStatusCode.Created)).Id();

        // PATCH changed attributes, Entra style: capitalised ops, value-path upsert, extension URN path.
        var patched = await (await scim.Patch($"Users/{aliceId}", ScimClient.PatchOp(
            new { op = "Replace", path = "displayName", value = "Alice E." },
            new { op = "Replace", path = "emails[type eq \"work\"].value", value = $"alice.e@{domain}" },
            new { op = "Add", path = "name.familyName", value = "E." },
            new { op = "Replace", path = $"{Enterprise}:department", value = "Platform" },
            new { op = "Add", path = "title", value = "Senior Engineer" }))).Scim(HttpStatusCode.OK);
        Assert.Equal("Alice E.", patched.GetProperty("displayName").GetString());
        Assert.Equal($"alice.e@{domain}", patched.GetProperty("emails")[0].GetProperty("value").GetString());
        Assert.Equal("E.", patched.GetProperty("name").GetProperty("familyName").GetString());
        Assert.Equal("Alice", patched.GetProperty("name").GetProperty("givenName").GetString()); // siblings stay
        Assert.Equal("Platform", patched.GetProperty(Enterprise).GetProperty("department").GetString());
        Assert.Equal("42", patched.GetProperty(Enterprise).GetProperty("employeeNumber").GetString());
        var byEmail = await (await scim.Get($"Users?filter=emails[type eq \"work\"].value eq \"ALICE.E@{domain}\"")).Scim(HttpStatusCode.OK);
        Assert.Equal(aliceId, Assert.Single(byEmail.Resources()).Id());

        // Later: the manager.
        var managed = await (await scim.Patch($"Users/{aliceId}", ScimClient.PatchOp(
            new { op = "Add", path = $"{Enterprise}:manager", value = bobId }))).Scim(HttpStatusCode.OK);
        Assert.Equal(bobId, managed.GetProperty(Enterprise).GetProperty("manager").GetProperty("value").GetString());

        // Groups: filter by displayName without members, POST empty, PATCH members in batches.
        var groupName = "Backend Devs " + ApiFixture.Unique("g");
        var none = await (await scim.Get($"Groups?filter=displayName eq \"{groupName}\"&excludedAttributes=members")).Scim(HttpStatusCode.OK);
        Assert.Equal(0, none.GetProperty("totalResults").GetInt32());
        var group = await (await scim.Post("Groups", new { schemas = new[] { GroupSchema }, externalId = "g-ext", displayName = groupName, members = Array.Empty<object>() }))
            .Scim(HttpStatusCode.Created);
        var groupId = group.Id();
        var teamName = groupName.ToLowerInvariant().Replace(' ', '-');
        var team = await (await app.Client.GetAsync($"orgs/{scim.Organization}/teams/{teamName}")).Expect(HttpStatusCode.OK);
        Assert.Equal(groupName, team.GetProperty("displayName").GetString());

        await (await scim.Patch($"Groups/{groupId}", ScimClient.PatchOp(new { op = "Add", path = "members", value = new[] { new { value = aliceId } } })))
            .Expect(HttpStatusCode.NoContent);
        await (await scim.Patch($"Groups/{groupId}", ScimClient.PatchOp(new { op = "Add", path = "members", value = new[] { new { value = bobId }, new { value = aliceId } } })))
            .Expect(HttpStatusCode.NoContent);
        Assert.Equal(new[] { alice, bob }.Order().ToArray(), await TeamMembers(app, scim.Organization, teamName));
        var listed = await (await scim.Get($"Groups?filter=displayName eq \"{groupName.ToUpperInvariant()}\"&excludedAttributes=members")).Scim(HttpStatusCode.OK);
        var listedGroup = Assert.Single(listed.Resources());
        Assert.False(listedGroup.TryGetProperty("members", out _));
        var fetched = await (await scim.Get($"Groups/{groupId}")).Scim(HttpStatusCode.OK);
        Assert.Equal(2, fetched.GetProperty("members").GetArrayLength());

        // Effective permissions through the team.
        await (await app.Client.PutJson("grants", new { subject = $"team:{scim.Organization}/{teamName}", role = "fullcontrol", resource = "collection:/Shared" }))
            .Expect(HttpStatusCode.Created);
        Assert.True(await Allowed(app, alice, "container.exec", "collection:/Shared"));

        // Entra removes exactly the listed members.
        await (await scim.Patch($"Groups/{groupId}", ScimClient.PatchOp(new { op = "Remove", path = "members", value = new[] { new { value = bobId } } })))
            .Expect(HttpStatusCode.NoContent);
        Assert.Equal(new[] { alice }, await TeamMembers(app, scim.Organization, teamName));

        // Rename: the team gets the normalised name, the display name the original.
        var renamed = "Backend Engineers " + ApiFixture.Unique("g");
        await (await scim.Patch($"Groups/{groupId}", ScimClient.PatchOp(new { op = "Replace", path = "displayName", value = renamed }))).Expect(HttpStatusCode.NoContent);
        var renamedTeam = renamed.ToLowerInvariant().Replace(' ', '-');
        Assert.Equal(new[] { alice }, await TeamMembers(app, scim.Organization, renamedTeam));
        Assert.Equal(renamed, (await (await scim.Get($"Groups/{groupId}")).Scim(HttpStatusCode.OK)).GetProperty("displayName").GetString());

        // Unassignment: active "False" removes every effective permission at once; memberships and grants stay.
        var inactive = await (await scim.Patch($"Users/{aliceId}", ScimClient.PatchOp(new { op = "Replace", path = "active", value = "False" }))).Scim(HttpStatusCode.OK);
        Assert.False(inactive.GetProperty("active").GetBoolean());
        Assert.False(await Allowed(app, alice, "container.exec", "collection:/Shared"));
        Assert.False(await Allowed(app, alice, "container.create", $"collection:/Shared/Private/{alice}"));
        Assert.Equal(new[] { alice }, await TeamMembers(app, scim.Organization, renamedTeam));
        var stillListed = await (await scim.Get($"Users?filter=userName eq \"{alice}\"")).Scim(HttpStatusCode.OK);
        Assert.False(Assert.Single(stillListed.Resources()).GetProperty("active").GetBoolean());
        var inactiveFilter = await (await scim.Get($"Users?filter=active eq false and userName sw \"alice@{domain[..8]}\"")).Scim(HttpStatusCode.OK);
        Assert.Equal(aliceId, Assert.Single(inactiveFilter.Resources()).Id());

        // Reassignment restores them.
        await (await scim.Patch($"Users/{aliceId}", ScimClient.PatchOp(new { op = "Replace", path = "active", value = "True" }))).Scim(HttpStatusCode.OK);
        Assert.True(await Allowed(app, alice, "container.exec", "collection:/Shared"));

        // DELETE after 30 days: user, memberships and grants go; the private collection stays, without any grant on it.
        await (await app.Client.PutJson("grants", new { subject = $"user:{bob}", role = "viewonly", resource = $"collection:/Shared/Private/{alice}" }))
            .Expect(HttpStatusCode.Created);
        await (await scim.Delete($"Users/{aliceId}")).Expect(HttpStatusCode.NoContent);
        var onPrivate = await (await app.Client.GetAsync($"grants?resource=collection:/Shared/Private/{alice}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, onPrivate.GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await app.Client.GetAsync($"grants?subject=user:{bob}")).Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32());
        await (await scim.Get($"Users/{aliceId}")).ScimError(HttpStatusCode.NotFound);
        await (await scim.Delete($"Users/{aliceId}")).ScimError(HttpStatusCode.NotFound);
        Assert.Empty(await TeamMembers(app, scim.Organization, renamedTeam));
        var grants = await (await app.Client.GetAsync($"grants?subject=user:{alice}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, grants.GetProperty("total").GetInt32());
        await (await app.Client.GetAsync($"collections/by-path?path=/Shared/Private/{alice}")).Expect(HttpStatusCode.OK);

        // Group DELETE.
        await (await scim.Delete($"Groups/{groupId}")).Expect(HttpStatusCode.NoContent);
        await (await scim.Get($"Groups/{groupId}")).ScimError(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"orgs/{scim.Organization}/teams/{renamedTeam}")).ExpectProblem(HttpStatusCode.NotFound);

        // Every change is in the audit log with the connection as actor.
        var audit = await AuditOf(app, $"scim:{scim.Name}");
        foreach (var action in new[] { "scim.user.create", "scim.user.patch", "scim.user.delete", "scim.group.create", "scim.group.patch", "scim.group.delete" })
            Assert.Contains(audit, e => e.GetProperty("action").GetString() == action);
    }

    [Fact]
    public async Task Paging_is_one_based_stable_and_capped()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var prefix = ApiFixture.Unique("page");
        for (var i = 0; i < 5; i++)
            await (await scim.Post("Users", new { userName = $"{prefix}-{i}@x.example" })).Scim(HttpStatusCode.Created);
        var seen = new List<string>();
        for (var start = 1; start <= 5; start += 2)
        {
            var page = await (await scim.Get($"Users?filter=userName sw \"{prefix}\"&startIndex={start}&count=2")).Scim(HttpStatusCode.OK);
            Assert.Equal(5, page.GetProperty("totalResults").GetInt32());
            Assert.Equal(start, page.GetProperty("startIndex").GetInt32());
            Assert.Equal(page.Resources().Length, page.GetProperty("itemsPerPage").GetInt32());
            seen.AddRange(page.Resources().Select(r => r.GetProperty("userName").GetString()!));
        }
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}@x.example"), seen);
        var capped = await (await scim.Get("Users?count=100000")).Scim(HttpStatusCode.OK);
        Assert.True(capped.GetProperty("itemsPerPage").GetInt32() <= 200);
        var countOnly = await (await scim.Get($"Users?filter=userName sw \"{prefix}\"&count=0")).Scim(HttpStatusCode.OK);
        Assert.Equal(5, countOnly.GetProperty("totalResults").GetInt32());
        Assert.Empty(countOnly.Resources());
    }
}

[Trait("Database", "Sqlite")]
public sealed class EntraProvisioningFlowTestsOnSqlite(SqliteApiFixture app) : EntraProvisioningFlowTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class EntraProvisioningFlowTestsOnPostgres(PostgresApiFixture app) : EntraProvisioningFlowTests(app), IClassFixture<PostgresApiFixture>;
