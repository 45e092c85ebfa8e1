using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AccessControl.Bench.Generation;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Peers;

public sealed record HttpRun(double DecisionsPerSecond, int Requests, int Decisions, int Agreed);

/// <summary>
/// POST /api/v1/access/check-batch over loopback: the app started with <c>dotnet run -c Release --project
/// src/AccessControl.Web</c> on the preset's database, bound to 127.0.0.1 only, sent a bounded number of batches of
/// 1,000 checks, two in flight. Measured only when the endpoint is in the tree.
/// </summary>
public static class HttpCheckBatch
{
    private const int BatchSize = 1_000;
    private static bool built;

    public static bool Available =>
        File.Exists(Path.Combine(RepoPaths.Root, "src", "AccessControl.Web", "Features", "Access", "AccessEndpoints.cs"))
        && File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "AccessControl.Web", "Features", "Access", "AccessEndpoints.cs")).Contains("check-batch");

    public static async Task<HttpRun> RunAsync(string database, AccessModel m, Questions q, bool[] engineAnswers, int requests, Action<string> log)
    {
        var project = Path.Combine(RepoPaths.Root, "src", "AccessControl.Web");
        if (!built)
        {
            Run("dotnet", ["build", "-c", "Release", project, "-v", "q", "-nologo"], TimeSpan.FromMinutes(5));
            built = true;
        }
        var url = $"http://127.0.0.1:{FreePort()}";
        var psi = new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--no-build", "--no-launch-profile", "--project", project, "--", "--urls", url])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Database__Provider"] = "Postgres";
        psi.Environment["Database__MigrateAtStartup"] = "false";
        psi.Environment["ConnectionStrings__Postgres"] = database;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        using var app = Process.Start(psi)!;
        var appLog = new System.Text.StringBuilder();
        app.OutputDataReceived += (_, e) => { lock (appLog) appLog.AppendLine(e.Data); };
        app.ErrorDataReceived += (_, e) => { lock (appLog) appLog.AppendLine(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
            await WaitUntilReadyAsync(http, app, appLog);

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

            var next = -1;
            var sw = Stopwatch.StartNew();
            async Task Client()
            {
                for (int b; (b = Interlocked.Increment(ref next)) < requests;)
                    await PostAsync(http, bodies[b % bodies.Length], null);
            }
            await Task.WhenAll(Client(), Client());
            sw.Stop();
            return new HttpRun(requests * (double)BatchSize / sw.Elapsed.TotalSeconds, requests, requests * BatchSize, agreed);
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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

    private static async Task WaitUntilReadyAsync(HttpClient http, Process app, System.Text.StringBuilder appLog)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (app.HasExited) throw new InvalidOperationException($"the app exited ({app.ExitCode}): {appLog}");
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the app did not answer /healthz within 2 minutes: {appLog}");
    }

    private static void Run(string file, string[] args, TimeSpan timeout)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root })!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout)) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)}"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output.Result}{error.Result}");
    }
}
