using System.Diagnostics;

namespace AccessControl.Bench.Peers;

/// <summary>
/// The web app started with <c>dotnet run -c Release --project src/AccessControl.Web</c> on a preset's PostgreSQL
/// database, bound to 127.0.0.1 only, with an app-issued token of the given app role (Development: no identity provider
/// here). Killed, by its process, on dispose.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    private static bool built;
    private readonly Process app;

    private WebAppProcess(Process app, HttpClient http) => (this.app, Http) = (app, http);

    /// <summary>A client of the app at its base address, sending the token.</summary>
    public HttpClient Http { get; }

    public static async Task<WebAppProcess> StartAsync(string database, string role)
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
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            psi.Environment["Database__Provider"] = "Postgres";
            psi.Environment["Database__MigrateAtStartup"] = "false";
            psi.Environment["ConnectionStrings__Postgres"] = database;
            psi.Environment["Logging__LogLevel__Default"] = "Warning";
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
        var web = new WebAppProcess(app, http);
        try
        {
            await WaitUntilReadyAsync(http, app, appLog);
            return web;
        }
        catch
        {
            await web.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!app.HasExited) app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
        app.Dispose();
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
