using System.Diagnostics;
using System.Text;
using AccessControl.Bench.Generation;
using AccessControl.Bench.Peers;
using AccessControl.Bench.Postgres;
using AccessControl.Bench.Report;
using AccessControl.Core.Model;
using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Bench.Measure;

/// <summary>
/// History at a preset's scale (issue 5: "a report as of a year ago takes no longer than a few seconds at large"): the
/// preset bulk-loaded, a year of audit history written for it (<see cref="HistoryLoader"/>), the checkpoints the app
/// would have stored (<see cref="HistoryCheckpointStore.WriteDueAsync"/>, the app's own code), then the app started
/// fresh (nothing of the past in memory) and asked who-can, what-can and check as of a year ago, six months ago and the
/// last change, over HTTP. Writes the "History" section of RESULTS.md.
/// </summary>
public static class HistoryRun
{
    /// <summary>Entries between stored checkpoints: the app's default (<c>History:CheckpointEvery</c>).</summary>
    private const long Every = 50_000;

    public static async Task RunAsync(Preset preset, string serverConnectionString, string resultsFile, Action<string> log)
    {
        var generated = ScaleGenerator.Generate(preset, PresetRun.Seed);
        var m = generated.Model;
        var database = await PresetRun.CreateDatabaseAsync(serverConnectionString, $"bench_history_{preset.Name}");
        await BulkLoader.MigrateAsync(database);
        await BulkLoader.LoadAsync(database, generated);
        var now = DateTime.UtcNow;
        var sw = Stopwatch.StartNew();
        var churn = m.Grants.Length;
        var entries = await HistoryLoader.LoadAsync(database, now, churn, PresetRun.Seed);
        log($"{preset.Name}: {entries:N0} audit entries over a year COPYed in {sw.Elapsed.TotalSeconds:N0} s");

        sw.Restart();
        long stored, bytes;
        await using (var db = Context(database))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            var last = await db.AuditEntries.MaxAsync(a => a.Id);
            await HistoryCheckpointStore.WriteDueAsync(db, Every, last, now);
            stored = await db.HistoryCheckpoints.CountAsync();
            bytes = await db.HistoryCheckpoints.SumAsync(c => (long)c.Data.Length);
        }
        var writeSeconds = sw.Elapsed.TotalSeconds;
        log($"{preset.Name}: {stored} checkpoints ({bytes / 1e6:N0} MB) stored in {writeSeconds:N0} s");

        var breakdown = await BreakdownAsync(database, now - HistoryLoader.Year);
        log($"{preset.Name}: as of a year ago, in-process, from the stored rows (the path of GET /model?asOf=; decisions read the stored model instead): {breakdown}");

        var q = Questions.Draw(m, PresetRun.Seed + 13, checks: 1, whoCan: 1, effective: 1);
        var resource = E(q.Resources[q.WhoCan[0].Resource].Ref.ToString());
        var user = E(SubjectRef.User(m.Users[q.EffectiveUsers[0]].UserName).ToString());
        var rows = new List<(string When, double WhoCan, double WhatCan, double Check)>();
        string lastAt;
        await using (var db = Context(database)) lastAt = (await db.AuditEntries.MaxAsync(a => a.At)).ToString("O");
        var lastWhoCan = "";
        await using (var web = await BenchApp.StartAsync(database, "Auditor"))
        {
            foreach (var (when, instant) in new[] { ("a year ago", (now - HistoryLoader.Year).ToString("O")), ("six months ago", (now - HistoryLoader.Year / 2).ToString("O")), ("the last change", lastAt) })
            {
                var asOf = E(instant);
                var whoCan = await TimeAsync(() => web.Http.GetAsync($"/api/v1/access/who-can?permission=container.view&resource={resource}&asOf={asOf}"));
                var whatCan = await TimeAsync(() => web.Http.GetAsync($"/api/v1/reports/what-can?subject={user}&asOf={asOf}"));
                var check = await TimeAsync(() => web.Http.PostAsync($"/api/v1/access/check?asOf={asOf}", new StringContent(
                    $$"""{"subject":"{{Uri.UnescapeDataString(user)}}","permission":"container.view","resource":"{{Uri.UnescapeDataString(resource)}}"}""", Encoding.UTF8, "application/json")));
                log($"{preset.Name}: as of {when}: who-can {whoCan.Ms:N0} ms (first question), what-can {whatCan.Ms:N0} ms, check {check.Ms:N0} ms");
                rows.Add((when, whoCan.Ms, whatCan.Ms, check.Ms));
                lastWhoCan = whoCan.Body;
            }
            // The log ends at the loaded state: as of the last change, the answer is today's.
            var today = await TimeAsync(() => web.Http.GetAsync($"/api/v1/access/who-can?permission=container.view&resource={resource}"));
            if (Users(today.Body) != Users(lastWhoCan))
                throw new InvalidOperationException("who-can as of the last change differs from who-can now: the history or its replay is wrong");
        }
        WriteSection(resultsFile, preset, m, entries, stored, bytes, writeSeconds, rows);
    }

    /// <summary>The rows path (the model document as of then): the stored rows read, the replay after them, the model parsed, the engine built.</summary>
    private static async Task<string> BreakdownAsync(string database, DateTime instant)
    {
        await using var db = Context(database);
        var entry = await AccessModelHistory.LastEntryAtAsync(db, instant);
        var sw = Stopwatch.StartNew();
        var nearest = await HistoryCheckpointStore.NearestAsync(db, entry);
        var checkpoint = await HistoryCheckpointStore.LoadAsync(db, nearest);
        var load = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var state = checkpoint.Resume();
        await state.ReplayAsync(db, entry, null, default);
        var replay = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var model = state.ToModel();
        var parse = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        Core.Engine.AccessEngine.Build(model);
        var build = sw.Elapsed.TotalMilliseconds;
        return $"checkpoint read {load:N0} ms ({checkpoint.RowCount:N0} rows), replay of {entry - nearest:N0} entries {replay:N0} ms, " +
               $"model parsed {parse:N0} ms, engine built {build:N0} ms (load average {ResultsFile.LoadAverage()})";
    }

    private static AccessControlDbContext Context(string database)
    {
        var b = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(b, DatabaseProvider.Postgres, database);
        return new AccessControlDbContext(b.Options);
    }

    private static string E(string s) => Uri.EscapeDataString(s);

    private static async Task<(double Ms, string Body)> TimeAsync(Func<Task<HttpResponseMessage>> send)
    {
        var sw = Stopwatch.StartNew();
        using var response = await send();
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {body}");
        return (sw.Elapsed.TotalMilliseconds, body);
    }

    private static string Users(string whoCan) => System.Text.Json.JsonDocument.Parse(whoCan).RootElement.GetProperty("users").ToString();

    private const string Start = "<!-- history -->";
    private const string End = "<!-- /history -->";

    private static void WriteSection(string file, Preset preset, AccessModel m, int entries, long stored, long bytes, double writeSeconds,
        List<(string When, double WhoCan, double WhatCan, double Check)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(Start);
        text.AppendLine("## History at scale");
        text.AppendLine();
        text.AppendLine($"`dotnet run -c Release --project bench/AccessControl.Bench -- --history {preset.Name}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                        $"load average {ResultsFile.LoadAverage()} at the end: the `{preset.Name}` preset ({m.Users.Length:N0} users, {m.Grants.Length:N0} grants) " +
                        $"with {entries:N0} audit entries over a year (built up in the month before, then grants and memberships deleted and added back, " +
                        $"users deactivated and reactivated), {stored} stored checkpoints (every {Every:N0} entries, {bytes / 1e6:N0} MB, written in {writeSeconds:N0} s); " +
                        "the app started fresh, then for each instant the first question (who-can: loads the nearest checkpoint, replays the entries after it, " +
                        "builds the engine) and two more at the same instant (cached engine), over HTTP.");
        text.AppendLine();
        text.AppendLine("| as of | who-can ms (first) | what-can ms | check ms |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var r in rows) text.AppendLine($"| {r.When} | {r.WhoCan:N0} | {r.WhatCan:N0} | {r.Check:N0} |");
        text.AppendLine(End);
        ResultsFile.ReplaceSection(file, Start, End, text.ToString(), (existing, generated) => existing.TrimEnd() + "\n\n" + generated);
    }
}
