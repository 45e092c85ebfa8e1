using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AccessControl.Bench.Generation;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Peers;

/// <summary><paramref name="DecisionsPerAppCpuSecond"/>: decisions per second of the app process's CPU time (the client's excluded).</summary>
public sealed record HttpRun(double DecisionsPerSecond, int Requests, int Decisions, int Agreed, double? DecisionsPerAppCpuSecond);

/// <summary>
/// POST /api/v1/access/check-batch over loopback: the app started with <c>dotnet run -c Release --project
/// src/AccessControl.Web</c> on the preset's database, bound to 127.0.0.1 only, sent a bounded number of batches of
/// 1,000 checks, two in flight. Measured only when the endpoint is in the tree.
/// </summary>
public static class HttpCheckBatch
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);
    private const int BatchSize = 1_000;

    public static bool Available =>
        File.Exists(Path.Combine(RepoPaths.Root, "src", "AccessControl.Web", "Features", "Access", "AccessEndpoints.cs"))
        && File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "AccessControl.Web", "Features", "Access", "AccessEndpoints.cs")).Contains("check-batch");

    public static async Task<HttpRun> RunAsync(string database, AccessModel m, Questions q, bool[] engineAnswers, int requests, Action<string> log)
    {
        await using var app = await BenchApp.StartAsync(database, "Viewer");
        var http = app.Http;
        var batches = q.Checks.Select((c, i) => (c, i)).Chunk(BatchSize).ToList();
        object Body(int b) => new
        {
            checks = batches[b % batches.Count].Select(x => new
            {
                subject = "user:" + m.Users[x.c.User].UserName, permission = x.c.Permission, resource = q.Resources[x.c.Resource].Ref.ToString(),
            }).ToArray(),
        };
        var bodies = Enumerable.Range(0, batches.Count).Select(b => JsonSerializer.SerializeToUtf8Bytes(Body(b))).ToArray();
        var agreed = 0;
        for (var b = 0; b < batches.Count; b++) agreed += await PostAsync(http, bodies[b], batches[b].Select(x => engineAnswers[x.i]).ToArray());
        log($"http: {agreed:N0}/{q.Checks.Length:N0} answers equal to the engine's (warm-up pass)");
        // The app has just started: let tiered compilation settle (a profile of the first requests showed a quarter of
        // the app's CPU in the JIT) before timing the steady state.
        var warm = Stopwatch.StartNew();
        for (var b = 0; warm.Elapsed < WarmUp; b++) await PostAsync(http, bodies[b % bodies.Length], null);

        var next = -1;
        var cpu0 = app.CpuTime();
        var sw = Stopwatch.StartNew();
        async Task Client()
        {
            for (int b; (b = Interlocked.Increment(ref next)) < requests;)
                await PostAsync(http, bodies[b % bodies.Length], null);
        }
        await Task.WhenAll(Client(), Client());
        sw.Stop();
        var cpu = app.CpuTime() - cpu0;
        return new HttpRun(requests * (double)BatchSize / sw.Elapsed.TotalSeconds, requests, requests * BatchSize, agreed,
            cpu is { TotalSeconds: > 0 } c ? requests * (double)BatchSize / c.TotalSeconds : null);
    }

    private static async Task<int> PostAsync(HttpClient http, byte[] body, bool[]? expected)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync("/api/v1/access/check-batch", content);
        response.EnsureSuccessStatusCode();
        if (expected is null) { await response.Content.CopyToAsync(Stream.Null); return 0; }
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var results = json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("allowed").GetBoolean()).ToArray();
        return results.Where((a, i) => i < expected.Length && a == expected[i]).Count();
    }
}
