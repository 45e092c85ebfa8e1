using System.Net;
using AccessControl.Web.Tests.Infrastructure;
using static AccessControl.Web.Tests.Scim.ScimFlowSupport;

namespace AccessControl.Web.Tests.Scim;

/// <summary>8 provisioning clients at once (CI size: 200 users, 20 groups): exactly the expected state, no duplicates,
/// no lost memberships. Full size: <c>ACCESSCONTROL_SCIM_LOAD=5000,500 ./test.sh --filter Name~Eight_concurrent</c>.</summary>
[Trait("Database", "Postgres")]
public sealed class ScimConcurrencyTestsOnPostgres(PostgresApiFixture app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PostgresApiFixture>
{
    private const int Clients = 8;
    private static readonly int[] Size = (Environment.GetEnvironmentVariable("ACCESSCONTROL_SCIM_LOAD") ?? "200,20").Split(',').Select(int.Parse).ToArray();
    private static readonly int Users = Size[0], Groups = Size[1];

    [Fact]
    public async Task Eight_concurrent_clients_produce_exactly_the_expected_users_groups_and_memberships()
    {
        var first = await ScimClient.ConnectAsync(app);
        var clients = new List<ScimClient> { first };
        for (var i = 1; i < Clients; i++)
        {
            // Several connections to one organization, as with one connection per tenant app.
            var c = await ScimClient.ConnectAsync(app, first.Organization);
            clients.Add(c);
        }
        var prefix = ApiFixture.Unique("load");
        var userIds = new string[Users];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var groupIds = new string[Groups];

        // Phase 1: every client creates its share of users and groups (each user also tries a duplicate in another case).
        await Task.WhenAll(clients.Select((c, k) => Task.Run(async () =>
        {
            for (var u = k; u < Users; u += Clients)
            {
                var r = await c.Post("Users", new { schemas = new[] { UserSchema }, userName = $"{prefix}-u{u}@x.example", externalId = $"e{u}", active = true });
                userIds[u] = (await r.Scim(HttpStatusCode.Created)).Id();
                if (u % 10 == 0)
                    await (await c.Post("Users", new { userName = $"{prefix}-U{u}@X.EXAMPLE" })).ScimError(HttpStatusCode.Conflict, "uniqueness");
            }
            for (var g = k; g < Groups; g += Clients)
                groupIds[g] = (await (await c.Post("Groups", new { schemas = new[] { GroupSchema }, displayName = $"{prefix} G{g}" })).Scim(HttpStatusCode.Created)).Id();
        })));

        // Phase 2: members in batches of 5 (user u belongs to groups u % 20 and (u + 7) % 20), profile updates, some removals.
        await Task.WhenAll(clients.Select((c, k) => Task.Run(async () =>
        {
            for (var g = k; g < Groups; g += Clients)
            {
                var members = Enumerable.Range(0, Users).Where(u => u % Groups == g || (u + 7) % Groups == g).ToList();
                foreach (var batch in members.Chunk(5))
                    await (await c.Patch($"Groups/{groupIds[g]}", ScimClient.PatchOp(new { op = "Add", path = "members", value = batch.Select(u => new { value = userIds[u] }) })))
                        .Expect(HttpStatusCode.NoContent);
                // Remove one member again, Okta style.
                await (await c.Patch($"Groups/{groupIds[g]}", ScimClient.PatchOp(new { op = "remove", path = $"members[value eq \"{userIds[members[0]]}\"]" })))
                    .Expect(HttpStatusCode.NoContent);
            }
            for (var u = k; u < Users; u += Clients)
                await (await c.Patch($"Users/{userIds[u]}", ScimClient.PatchOp(
                    new { op = "Replace", path = "displayName", value = $"User {u}" },
                    new { op = "Replace", path = "active", value = u % 4 == 0 ? "False" : "True" }))).Scim(HttpStatusCode.OK);
        })));

        var requests = Users + Users / 10 + Groups + Enumerable.Range(0, Groups).Sum(g => (Enumerable.Range(0, Users).Count(u => u % Groups == g || (u + 7) % Groups == g) + 4) / 5 + 1) + Users;
        output.WriteLine($"{requests} SCIM requests from {Clients} clients in {clock.Elapsed.TotalSeconds:F1} s: {requests / clock.Elapsed.TotalSeconds:F0} requests/s");

        var all = new List<System.Text.Json.JsonElement>();
        for (var start = 1; start <= Users; start += 200)
        {
            var page = await (await first.Get($"Users?filter=userName sw \"{prefix}\"&startIndex={start}&count=200")).Scim(HttpStatusCode.OK);
            Assert.Equal(Users, page.GetProperty("totalResults").GetInt32());
            all.AddRange(page.Resources());
        }
        Assert.Equal(Users, all.Count);
        Assert.Equal(Users, all.Select(r => r.Id()).Distinct().Count());
        var inactive = await (await first.Get($"Users?filter=userName sw \"{prefix}\" and active eq false&count=0")).Scim(HttpStatusCode.OK);
        Assert.Equal((Users + 3) / 4, inactive.GetProperty("totalResults").GetInt32());
        Assert.All(all, r => Assert.StartsWith("User ", r.GetProperty("displayName").GetString()));

        var groups = await (await first.Get($"Groups?filter=displayName sw \"{prefix}\"&count=0")).Scim(HttpStatusCode.OK);
        Assert.Equal(Groups, groups.GetProperty("totalResults").GetInt32());
        for (var g = 0; g < Groups; g++)
        {
            var expected = Enumerable.Range(0, Users).Where(u => u % Groups == g || (u + 7) % Groups == g).Skip(1).Select(u => $"{prefix}-u{u}@x.example").Order().ToArray();
            Assert.Equal(expected, await TeamMembers(app, first.Organization, $"{prefix}-g{g}"));
        }
        var orgMembers = await (await app.Client.GetAsync($"orgs/{first.Organization}")).Expect(HttpStatusCode.OK);
        Assert.Equal(Users, orgMembers.GetProperty("memberCount").GetInt32());
        // Thousands of concurrent commits applied incrementally (coalesced, out of order) left the snapshot exact.
        await SnapshotAssertions.AssertMatchesDatabaseAsync(app.Services);
    }
}
