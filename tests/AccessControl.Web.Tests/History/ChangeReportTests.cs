using System.Net;
using System.Text.Json;
using AccessControl.Web.Features.Exports;
using AccessControl.Web.Features.History;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.History;

/// <summary>
/// The change report (computed only where the audited changes can matter) against the brute force: every user's and
/// service account's effective permissions as of both instants, compared, for every window of a sequence of changes
/// of every kind made through the API.
/// </summary>
public abstract class ChangeReportTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<string> LastChangeInstant()
    {
        var page = await (await Api.GetAsync("audit?limit=1")).Expect(HttpStatusCode.OK);
        return page.GetProperty("items")[0].GetProperty("at").GetString()!;
    }

    private async Task<string> CollectionId(string path) =>
        (await (await Api.GetAsync($"collections/by-path?path={Uri.EscapeDataString(path)}")).Expect(HttpStatusCode.OK)).GetProperty("id").GetString()!;

    [Fact]
    public async Task The_change_report_of_every_window_equals_everyone_s_effective_permissions_compared()
    {
        var (alice, bob, carol) = (ApiFixture.Unique("ca"), ApiFixture.Unique("cb"), ApiFixture.Unique("cc"));
        var (org, top, ns) = (ApiFixture.Unique("corg"), ApiFixture.Unique("ctop"), ApiFixture.Unique("cns"));
        var role = ApiFixture.Unique("crole");
        foreach (var user in new[] { alice, bob, carol })
            await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "ops" })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("collections", new { path = $"/{top}" })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("collections", new { path = $"/{top}/api" })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("collections", new { path = $"/{top}/web" })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("namespaces", new { name = ns })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("roles", new { name = role, permissions = new[] { "container.view", "container.exec" } })).Expect(HttpStatusCode.Created);
        var roleId = (await (await Api.GetAsync($"roles/{role}")).Expect(HttpStatusCode.OK)).GetProperty("id").GetString()!;

        var steps = new List<Func<Task>>
        {
            async () => await (await Api.PutJson("grants", new { subject = $"team:{org}/ops", role = roleId, resource = $"collection:/{top}" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson($"orgs/{org}/teams/ops/members/{alice}", new { })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson($"orgs/{org}/teams/ops/members/{bob}", new { })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson("grants", new { subject = $"org:{org}", role = "viewonly", resource = "namespace:*" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson("roles/" + roleId, new { name = role, permissions = new[] { "container.view", "image.view" } })).Expect(HttpStatusCode.OK),
            async () => await (await Api.PatchJson($"collections/{await CollectionId($"/{top}/web")}", new { parent = $"/{top}/api" })).Expect(HttpStatusCode.OK),
            async () => await (await Api.PutJson("grants", new { subject = $"user:{carol}", role = "fullcontrol", resource = $"collection:/{top}/api" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PatchJson($"users/{bob}", new { active = false })).Expect(HttpStatusCode.OK),
            async () => await (await Api.PatchJson($"users/{carol}", new { userName = carol + "-renamed" })).Expect(HttpStatusCode.OK),
            async () => await (await Api.PostJson("service-accounts", new { @namespace = ns, name = "bot" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson("grants", new { subject = $"serviceaccount:{ns}/bot", role = "restrictedcontrol", resource = $"namespace:{ns}" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PatchJson($"collections/{await CollectionId($"/{top}")}", new { name = top + "x" })).Expect(HttpStatusCode.OK),
            async () => await (await Api.Delete($"orgs/{org}/members/{alice}")).Expect(HttpStatusCode.NoContent),
            async () => await (await Api.Delete($"orgs/{org}/teams/ops")).Expect(HttpStatusCode.NoContent),
        };
        var instants = new List<string> { await LastChangeInstant() };
        foreach (var step in steps)
        {
            await step();
            instants.Add(await LastChangeInstant());
        }

        var history = app.Services.GetRequiredService<HistoryService>();
        var rng = new Random(5);
        var windows = new List<(int From, int To)> { (0, instants.Count - 1) };
        for (var i = 0; i < instants.Count - 1; i++) windows.Add((i, i + 1));
        for (var k = 0; k < 8; k++)
        {
            var a = rng.Next(instants.Count - 1);
            windows.Add((a, rng.Next(a + 1, instants.Count)));
        }
        var changed = 0;
        foreach (var (from, to) in windows)
        {
            var report = await (await Api.GetAsync($"reports/changes?from={Uri.EscapeDataString(instants[from])}&to={Uri.EscapeDataString(instants[to])}"))
                .Expect(HttpStatusCode.OK);
            var rows = report.GetProperty("rows").EnumerateArray().ToList();
            var expected = BruteForce(
                await history.EngineAtEntryAsync(await history.EntryAtAsync(HistoryService.ParseInstant(instants[from]), default), default),
                await history.EngineAtEntryAsync(await history.EntryAtAsync(HistoryService.ParseInstant(instants[to]), default), default));
            Assert.Equal(expected, rows.Select(Line).Order(StringComparer.Ordinal).ToList());
            Assert.All(rows, r => Assert.NotEqual(0, r.GetProperty("causes").GetArrayLength()));
            changed += rows.Count;
        }
        Assert.True(changed > 20, "the windows changed almost nothing: the test would prove little");
    }

    private static string Line(JsonElement r) =>
        $"{r.GetProperty("subject").GetString()} {r.GetProperty("resource").GetString()} " +
        $"+[{string.Join(',', r.GetProperty("gained").EnumerateArray().Select(p => p.GetString()))}] " +
        $"-[{string.Join(',', r.GetProperty("lost").EnumerateArray().Select(p => p.GetString()))}]";

    private static List<string> BruteForce(Core.Engine.AccessEngine before, Core.Engine.AccessEngine after)
    {
        var then = AclRows.Effective(before).ToDictionary(r => (r.Subject, r.Resource), r => r.Permissions);
        var now = AclRows.Effective(after).ToDictionary(r => (r.Subject, r.Resource), r => r.Permissions);
        var lines = new List<string>();
        foreach (var key in then.Keys.Union(now.Keys))
        {
            var a = then.GetValueOrDefault(key) ?? [];
            var b = now.GetValueOrDefault(key) ?? [];
            var gained = b.Except(a).Order(StringComparer.Ordinal);
            var lost = a.Except(b).Order(StringComparer.Ordinal);
            if (gained.Any() || lost.Any())
                lines.Add($"{key.Subject} {key.Resource} +[{string.Join(',', gained)}] -[{string.Join(',', lost)}]");
        }
        return [.. lines.Order(StringComparer.Ordinal)];
    }
}

[Trait("Database", "Sqlite")]
public sealed class ChangeReportTestsOnSqlite(SqliteApiFixture app) : ChangeReportTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ChangeReportTestsOnPostgres(PostgresApiFixture app) : ChangeReportTests(app), IClassFixture<PostgresApiFixture>;
