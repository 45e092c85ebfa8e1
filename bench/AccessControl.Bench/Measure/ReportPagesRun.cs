using System.Text;
using AccessControl.Bench.Export;
using AccessControl.Bench.Generation;
using AccessControl.Bench.Peers;
using AccessControl.Bench.Postgres;
using AccessControl.Bench.Report;
using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Measure;

/// <summary>
/// The report pages over HTTP at a preset's scale: the web app (Release) on the preset loaded into PostgreSQL, an
/// Auditor token, and GET of /reports/who-can and /reports/what-can — the server renders each page with its answer
/// (Blazor prerendering), so the time to the last byte is the time the page takes to show its answer — and of the
/// JSON API behind them. Writes the "Report pages" section of RESULTS.md.
/// </summary>
public static class ReportPagesRun
{
    private const int Questions = 30;
    private const int WarmUp = 3;

    public static async Task RunAsync(Preset preset, string serverConnectionString, string resultsFile, Action<string> log)
    {
        var generated = ScaleGenerator.Generate(preset, PresetRun.Seed);
        var m = generated.Model;
        var database = await PresetRun.CreateDatabaseAsync(serverConnectionString, $"bench_reports_{preset.Name}");
        await BulkLoader.MigrateAsync(database);
        await BulkLoader.LoadAsync(database, generated);
        log($"{preset.Name}: {m.Users.Length:N0} users, {m.Grants.Length:N0} grants loaded for the report pages");

        var q = Generation.Questions.Draw(m, PresetRun.Seed + 11, checks: 0, whoCan: Questions, effective: Questions);
        var whoCan = q.WhoCan.Select(w => $"resource={E(q.Resources[w.Resource].Ref.ToString())}&permission={E(w.Permission)}").ToList();
        var whoCanRole = q.WhoCan.Select(w => $"resource={E(q.Resources[w.Resource].Ref.ToString())}&role={BuiltInRoles.RestrictedControl}").ToList();
        var whatCan = q.EffectiveUsers.Select(u => $"subject={E(SubjectRef.User(m.Users[u].UserName).ToString())}").ToList();

        var rows = new List<(string What, (Percentiles P, double Max) Ms)>();
        await using (var web = await BenchApp.StartAsync(database, "Auditor"))
        {
            rows.Add(("who-can page (a permission)", await TimeAsync(web.Http, "/reports/who-can?", whoCan)));
            rows.Add(("who-can page (a role: all its permissions)", await TimeAsync(web.Http, "/reports/who-can?", whoCanRole)));
            rows.Add(("what-can page (a user)", await TimeAsync(web.Http, "/reports/what-can?", whatCan)));
            rows.Add(("GET /api/v1/reports/who-can (JSON)", await TimeAsync(web.Http, "/api/v1/reports/who-can?", whoCan)));
            rows.Add(("GET /api/v1/reports/what-can (JSON)", await TimeAsync(web.Http, "/api/v1/reports/what-can?", whatCan)));
        }
        try
        {
            rows.AddRange(await HistoryAsync(generated, serverConnectionString, whoCan[0], log));
        }
        catch (Exception e)
        {
            log($"{preset.Name}: history not measured: {e.Message.Split('\n')[0]}");
        }
        foreach (var (what, ms) in rows) log($"{preset.Name}: {what}: p50 {ms.P.P50:N0} ms, p95 {ms.P.P95:N0} ms, max {ms.Max:N0} ms");
        WriteSection(resultsFile, preset, m, rows);
    }

    private static string E(string s) => Uri.EscapeDataString(s);

    /// <summary>
    /// Reports as of the past: the preset put through the app (PUT /model, so every row is in the audit log), then
    /// <see cref="Changes"/> grant changes; a report as of just after the load replays the whole log the first time
    /// (cold) and from a checkpoint after that (warm).
    /// </summary>
    private static async Task<List<(string, (Percentiles, double))>> HistoryAsync(GeneratedModel generated, string server, string whoCan, Action<string> log)
    {
        var database = await PresetRun.CreateDatabaseAsync(server, $"bench_history_{generated.Preset.Name}");
        await BulkLoader.MigrateAsync(database);
        await using var web = await BenchApp.StartAsync(database, "Administrator");
        var http = web.Http;
        using var document = new MemoryStream();
        ModelDocument.Write(generated, document);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using (var content = new ByteArrayContent(document.ToArray()))
        {
            content.Headers.ContentType = new("application/json");
            using var put = await http.PutAsync("/api/v1/model", content);
            if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"PUT /model: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }
        log($"{generated.Preset.Name}: PUT /model in {sw.Elapsed.TotalSeconds:N0} s");
        var afterLoad = await LastInstantAsync(http);
        var m = generated.Model;
        var random = new Random(PresetRun.Seed);
        var index = new ModelIndex(m);
        var midway = "";
        for (var i = 0; i < Changes; i++)
        {
            if (i == Changes / 2) midway = await LastInstantAsync(http);
            var team = m.Teams[random.Next(m.Teams.Length)];
            var org = m.Orgs.First(o => o.Id == team.OrgId).Name;
            var collection = m.Collections[random.Next(m.Collections.Length)];
            var body = System.Text.Json.JsonSerializer.Serialize(new
            {
                subject = $"team:{org}/{team.Name}", role = BuiltInRoles.ViewOnly, resource = $"collection:{index.PathOf(collection.Id)}",
            });
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PutAsync("/api/v1/grants", content);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PUT /grants: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var entries = await AuditCountAsync(http);
        var asOf = $"&asOf={E(afterLoad)}";
        log($"{generated.Preset.Name}: {Changes} grant changes made; {entries:N0} audit entries");
        var cold = await TimeAsync(http, "/api/v1/reports/who-can?", [whoCan + asOf], warmUp: 0);
        log($"{generated.Preset.Name}: who-can as of the load, cold: {cold.Max:N0} ms");
        var warm = await TimeAsync(http, "/api/v1/reports/what-can?", [$"subject={E(SubjectRef.User(m.Users[0].UserName).ToString())}&asOf={E(midway)}"], warmUp: 0);
        log($"{generated.Preset.Name}: what-can as of midway through the changes, from a checkpoint: {warm.Max:N0} ms");
        var changes = await TimeAsync(http, "/api/v1/reports/changes?", [$"from={E(afterLoad)}"], warmUp: 0);
        using (var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/api/v1/reports/changes?from={E(afterLoad)}")))
            log($"{generated.Preset.Name}: changes since the load: {changes.Max:N0} ms; {json.RootElement.GetProperty("rows").GetArrayLength():N0} rows, " +
                $"{System.Text.Encoding.UTF8.GetByteCount(json.RootElement.GetRawText()) / 1e6:N0} MB of JSON");
        return
        [
            ($"who-can as of the load, first question about the past (replays all {entries:N0} audit entries)", cold),
            ($"what-can as of midway through the {Changes} changes, after that (replay from the nearest checkpoint)", warm),
            ($"changes from the load to now ({Changes} grant changes; the diff where they matter, every row with its causes)", changes),
        ];
    }

    private const int Changes = 200;

    private static async Task<string> LastInstantAsync(HttpClient http)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v1/audit?limit=1"));
        return json.RootElement.GetProperty("items")[0].GetProperty("at").GetString()!;
    }

    private static async Task<int> AuditCountAsync(HttpClient http)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v1/audit?limit=1"));
        return json.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>Each query once after a few warm-up requests; the time to the last byte of a 200 answer.</summary>
    private static async Task<(Percentiles P, double Max)> TimeAsync(HttpClient http, string path, IReadOnlyList<string> queries, int warmUp = WarmUp)
    {
        foreach (var query in queries.Take(warmUp)) await GetAsync(http, path + query);
        var us = await Stats.TimeEachAsync(queries, TimeSpan.FromMinutes(5), query => GetAsync(http, path + query));
        var ms = us.Select(u => u / 1000).ToList();
        return (Percentiles.Of(ms), ms.Max());
    }

    private static async Task GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await response.Content.CopyToAsync(Stream.Null);
    }

    private const string Start = "<!-- report-pages -->";
    private const string End = "<!-- /report-pages -->";

    private static void WriteSection(string file, Preset preset, AccessModel m, List<(string What, (Percentiles P, double Max) Ms)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(Start);
        text.AppendLine("## Report pages");
        text.AppendLine();
        text.AppendLine($"`dotnet run -c Release --project bench/AccessControl.Bench -- --reports {preset.Name}` on {DateTime.UtcNow:yyyy-MM-dd}: " +
                        $"the `{preset.Name}` preset ({m.Users.Length:N0} users, {m.Teams.Length:N0} teams, {m.Collections.Length:N0} collections, {m.Grants.Length:N0} grants) " +
                        $"in PostgreSQL, the app in Release on loopback, an Auditor token; {Questions} questions each (drawn with a fixed seed), after {WarmUp} warm-up requests. " +
                        "A page's time is the server's: the GET of the page returns it rendered with its answer (prerendering), to the last byte; the browser's paint is not included.");
        text.AppendLine();
        text.AppendLine("| request | p50 ms | p95 ms | max ms | under 1 s |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var (what, ms) in rows)
            text.AppendLine($"| {what} | {ms.P.P50:N0} | {ms.P.P95:N0} | {ms.Max:N0} | {(ms.Max < 1000 ? "yes" : "no")} |");
        text.AppendLine(End);

        ResultsFile.ReplaceSection(file, Start, End, text.ToString(), (existing, generated) => existing.TrimEnd() + "\n\n" + generated);
    }
}
