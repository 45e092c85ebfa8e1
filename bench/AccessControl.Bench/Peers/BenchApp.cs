using System.Diagnostics;

namespace AccessControl.Bench.Peers;

/// <summary>
/// The web app as a separate process for the HTTP figures: <c>dotnet run -c Release --project src/AccessControl.Web</c>
/// on a given PostgreSQL database, bound to 127.0.0.1 only, rate limits lifted, with an API token of a given role.
/// Disposing stops it.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    private static bool built;
    private readonly Process process;
    private readonly System.Text.StringBuilder appLog;
    public HttpClient Http { get; }

    private BenchApp(Process process, HttpClient http, System.Text.StringBuilder appLog)
    {
        this.process = process;
        this.appLog = appLog;
        Http = http;
    }

    public static async Task<BenchApp> StartAsync(string database, string role)
    {
        var project = Path.Combine(RepoPaths.Root, "src", "AccessControl.Web");
        if (!built)
        {
            Run("dotnet", ["build", "-c", "Release", project, "-v", "q", "-nologo"], TimeSpan.FromMinutes(5));
            built = true;
        }
        var url = $"http://127.0.0.1:{FreePort()}";
        ProcessStartInfo App(params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--no-build", "--no-launch-profile", "--project", project, "--", .. args])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root,
            };
            // Development: no identity provider is configured here; the API is called with an app-issued token.
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            psi.Environment["Database__Provider"] = "Postgres";
            psi.Environment["Database__MigrateAtStartup"] = "false";
            psi.Environment["ConnectionStrings__Postgres"] = database;
            psi.Environment["Logging__LogLevel__Default"] = "Warning";
            // ACCESSCONTROL_BENCH_APPLOG=file: the app's log (snapshot updates at Debug) is written there when it stops.
            if (Environment.GetEnvironmentVariable("ACCESSCONTROL_BENCH_APPLOG") is { Length: > 0 })
                psi.Environment["Logging__LogLevel__AccessControl.Web.Features.Snapshot"] = "Debug";
            psi.Environment["RateLimiting__TokenPermitsPerMinute"] = "100000000";
            return psi;
        }
        string token;
        using (var create = Process.Start(App("token", "create", "--name", $"bench-{Guid.NewGuid():N}", "--role", role, "--expires", "1d"))!)
        {
            token = (await create.StandardOutput.ReadToEndAsync()).Trim();
            await create.WaitForExitAsync();
            if (create.ExitCode != 0) throw new InvalidOperationException($"token create failed: {await create.StandardError.ReadToEndAsync()}");
        }
        var app = Process.Start(App("--urls", url))!;
        var appLog = new System.Text.StringBuilder();
        app.OutputDataReceived += (_, e) => { lock (appLog) appLog.AppendLine(e.Data); };
        app.ErrorDataReceived += (_, e) => { lock (appLog) appLog.AppendLine(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var started = new BenchApp(app, http, appLog);
        try
        {
            await WaitUntilReadyAsync(http, app, appLog);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another client of the same app, without the API token (e.g. for /scim/v2 with its own).</summary>
    /// <summary>
    /// CPU time used so far by the app: the <c>dotnet run</c> process and its descendants (the app itself), from
    /// /proc (user + system ticks); null where /proc is missing.
    /// </summary>
    public TimeSpan? CpuTime()
    {
        if (!Directory.Exists("/proc")) return null;
        var stats = new List<(int Pid, int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": state ppid ...
                stats.Add((pid, int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12])));
            }
            catch (IOException) { } // the process ended meanwhile
        }
        var tree = new HashSet<int> { process.Id };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, parent, _) in stats)
                if (tree.Contains(parent) && tree.Add(pid)) grew = true;
        }
        const double ticksPerSecond = 100; // USER_HZ on Linux
        return TimeSpan.FromSeconds(stats.Where(x => tree.Contains(x.Pid)).Sum(x => x.Ticks) / ticksPerSecond);
    }

    public HttpClient NewClient(string path, string bearer)
    {
        var c = new HttpClient { BaseAddress = new Uri(Http.BaseAddress!, path), Timeout = TimeSpan.FromMinutes(2) };
        c.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        if (Environment.GetEnvironmentVariable("ACCESSCONTROL_BENCH_APPLOG") is { Length: > 0 } file)
            lock (appLog) File.AppendAllText(file, appLog.ToString());
        process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
