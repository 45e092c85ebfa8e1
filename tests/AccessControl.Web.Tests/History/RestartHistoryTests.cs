using System.Net;
using AccessControl.Data;
using AccessControl.Testing;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.History;
using AccessControl.Web.Features.Tokens;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.History;

/// <summary>
/// History after a restart: an app makes changes and stores checkpoints in the background; a new app on the same
/// database (no memory of the first) answers as of each past instant as the first answered then, starting from the
/// stored checkpoints rather than from the beginning of the log.
/// </summary>
public abstract class RestartHistoryTests
{
    protected abstract string Provider { get; }

    /// <summary>A checkpoint every 5 entries, stored at once (no settle time), the writer twice a second.</summary>
    private static readonly KeyValuePair<string, string?>[] Settings =
    [
        new("History:CheckpointEvery", "5"), new("History:CheckpointSettleSeconds", "0"), new("History:CheckpointWriterSeconds", "0.3"),
    ];

    private static HttpClient Client(WebApplicationFactory<Program> app, string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/api/v1/") });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<string> Answers(HttpClient api, string user, string path, string? asOf)
    {
        var q = asOf is null ? "" : $"asOf={Uri.EscapeDataString(asOf)}";
        var check = await (await api.PostJson($"access/check?{q}", new { subject = $"user:{user}", permission = "container.exec", resource = $"collection:{path}" }))
            .Expect(HttpStatusCode.OK);
        var who = await (await api.GetAsync($"access/who-can?permission=container.view&resource=collection:{path}&{q}")).Expect(HttpStatusCode.OK);
        var effective = await (await api.GetAsync($"access/effective?subject=user:{user}&{q}")).Expect(HttpStatusCode.OK);
        var whatCan = await (await api.GetAsync($"reports/what-can?subject=user:{user}&{q}")).Expect(HttpStatusCode.OK);
        return string.Join("\n", check.GetProperty("allowed"), who.GetProperty("users"), effective.GetProperty("entries"), whatCan.GetProperty("rows"));
    }

    [Fact]
    public async Task A_restarted_app_answers_a_past_instant_as_before_from_the_stored_checkpoints()
    {
        await using var database = TestDatabase.Create(Provider);
        var (user, org, top) = (ApiFixture.Unique("rs"), ApiFixture.Unique("rsorg"), ApiFixture.Unique("rs"));
        var path = $"/{top}/api";
        var recorded = new List<(string Instant, string Answers)>();
        string token;
        long entries;
        await using (var first = ApiFixture.CreateFactory(Provider, database.ConnectionString, Settings))
        {
            await using (var scope = first.Services.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<CurrentActor>().Set("test-fixture");
                token = (await scope.ServiceProvider.GetRequiredService<TokenService>()
                    .CreateAsync("api", "Administrator", DateTime.UtcNow.AddDays(1), CancellationToken.None)).Token;
            }
            var api = Client(first, token);
            var steps = new List<Func<Task>>
            {
                async () => await (await api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created),
                async () => await (await api.PostJson("collections", new { path = $"/{top}" })).Expect(HttpStatusCode.Created),
                async () => await (await api.PostJson("collections", new { path })).Expect(HttpStatusCode.Created),
                async () => await (await api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created),
                async () => await (await api.PostJson($"orgs/{org}/teams", new { name = "ops" })).Expect(HttpStatusCode.Created),
                async () => await (await api.PutJson($"orgs/{org}/teams/ops/members/{user}", new { })).Expect(HttpStatusCode.Created),
                async () => await (await api.PutJson("grants", new { subject = $"team:{org}/ops", role = "viewonly", resource = $"collection:/{top}" })).Expect(HttpStatusCode.Created),
                async () => await (await api.PutJson("grants", new { subject = $"user:{user}", role = "fullcontrol", resource = $"collection:{path}" })).Expect(HttpStatusCode.Created),
                async () => await (await api.PatchJson($"users/{user}", new { active = false })).Expect(HttpStatusCode.OK),
                async () => await (await api.PatchJson($"users/{user}", new { active = true })).Expect(HttpStatusCode.OK),
                async () => await (await api.Delete($"orgs/{org}/members/{user}")).Expect(HttpStatusCode.NoContent),
            };
            foreach (var step in steps.Take(3)) await step();
            foreach (var step in steps.Skip(3))
            {
                await step();
                var page = await (await api.GetAsync("audit?limit=1")).Expect(HttpStatusCode.OK);
                recorded.Add((page.GetProperty("items")[0].GetProperty("at").GetString()!, await Answers(api, user, path, null)));
            }
            Assert.True(recorded.Select(r => r.Answers).Distinct().Count() >= 4, "the answers hardly changed: the test would prove little");

            // The background writer stores the checkpoints due (every 5 entries up to the last one).
            var dbs = first.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
            await using var db = await dbs.CreateDbContextAsync();
            entries = await db.AuditEntries.MaxAsync(a => a.Id);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await HistoryCheckpointStore.NearestAsync(db, long.MaxValue) / 5 < entries / 5 && DateTime.UtcNow < deadline) await Task.Delay(200);
            Assert.Equal(entries / 5, await HistoryCheckpointStore.NearestAsync(db, long.MaxValue) / 5);
        }

        await using var second = ApiFixture.CreateFactory(Provider, database.ConnectionString, [.. Settings.SkipLast(1), new("History:CheckpointWriterSeconds", "0")]);
        var again = Client(second, token);
        var checkpoints = second.Services.GetRequiredService<HistoryCheckpoints>();
        foreach (var (instant, answers) in recorded)
        {
            Assert.Equal(answers, await Answers(again, user, path, instant));
            Assert.True(checkpoints.LastReplayed < 5, $"replayed {checkpoints.LastReplayed} entries as of {instant}: not from a stored checkpoint");
        }
        Assert.True(checkpoints.Loaded >= 2, $"{checkpoints.Loaded} stored checkpoints read");
    }
}

[Trait("Database", "Sqlite")]
public sealed class RestartHistoryTestsOnSqlite : RestartHistoryTests
{
    protected override string Provider => "Sqlite";
}

[Trait("Database", "Postgres")]
public sealed class RestartHistoryTestsOnPostgres : RestartHistoryTests
{
    protected override string Provider => "Postgres";
}
