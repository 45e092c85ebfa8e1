using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace AccessControl.Web.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider (npm oidc-provider, tests/oidc-provider/server.mjs) on a free loopback port.
/// Runs <c>npm ci</c> first when node_modules is missing; the node process is killed by its id on dispose.
/// </summary>
public class OidcProviderFixture : IAsyncLifetime
{
    public const string WebClientId = "accesscontrol-web";
    public const string Secret = "test-secret-not-for-production";
    public const string Audience = "api://accesscontrol";
    public const string OtherAudience = "api://other";

    private static readonly SemaphoreSlim NpmLock = new(1, 1);
    private Process? process;
    private readonly StringWriter output = new();

    public string Authority { get; private set; } = "";

    /// <summary>Base URLs of the app under test, allowed as redirect targets (the browser tests start the provider themselves).</summary>
    protected virtual IReadOnlyList<string> AppUrls => ["http://127.0.0.1:5210"];

    public virtual Task InitializeAsync() => StartAsync(AppUrls);

    public async Task StartAsync(IReadOnlyList<string> appUrls)
    {
        var dir = Path.Combine(RepositoryRoot(), "tests", "oidc-provider");
        await EnsureNodeModulesAsync(dir);
        var port = FreePort();
        Authority = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("node", ["server.mjs", port.ToString(), string.Join(',', appUrls)])
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        process.OutputDataReceived += (_, e) => { lock (output) output.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitForDiscoveryAsync();
    }

    private async Task WaitForDiscoveryAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited) break;
            try
            {
                using var response = await http.GetAsync($"{Authority}/.well-known/openid-configuration");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"The test OpenID Connect provider did not start at {Authority}:\n{Output}");
    }

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>A JWT access token for an API client (api-admin, api-auditor, api-viewer, api-none, api-expired).</summary>
    public async Task<string> ClientCredentialsTokenAsync(string clientId, string? resource = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Authority}/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["resource"] = resource ?? Audience,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{clientId}:{Secret}")));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Token request failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// A person's JWT access token for <paramref name="resource"/>, obtained as a browser would: the authorization code
    /// flow of the web client, signing in on the provider's login form as <paramref name="login"/>.
    /// </summary>
    public async Task<string> UserAccessTokenAsync(string login, string? resource = null)
    {
        var redirectUri = $"{AppUrls[0]}/signin-oidc";
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler);
        var audience = Uri.EscapeDataString(resource ?? Audience);
        var location = $"{Authority}/auth?client_id={WebClientId}&response_type=code&scope=openid%20profile%20api" +
                       $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&resource={audience}&state=test&nonce=test";
        string? code = null;
        for (var hop = 0; hop < 10 && code is null; hop++)
        {
            if (location.StartsWith(redirectUri, StringComparison.Ordinal))
            {
                code = System.Web.HttpUtility.ParseQueryString(new Uri(location).Query)["code"];
                break;
            }
            var url = new Uri(new Uri(Authority), location);
            using var response = url.AbsolutePath.StartsWith("/interaction/", StringComparison.Ordinal)
                ? await http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
                    { ["prompt"] = "login", ["login"] = login, ["password"] = "any" }))
                : await http.GetAsync(url);
            location = response.Headers.Location?.ToString()
                ?? throw new InvalidOperationException($"The provider answered {(int)response.StatusCode} at {url}: {await response.Content.ReadAsStringAsync()}");
        }
        if (code is null) throw new InvalidOperationException($"No authorization code for {login}; last location {location}");

        using var token = new HttpRequestMessage(HttpMethod.Post, $"{Authority}/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri,
                ["resource"] = resource ?? Audience,
            }),
        };
        token.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{WebClientId}:{Secret}")));
        using var answer = await http.SendAsync(token);
        var body = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Token request failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public virtual Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary><c>npm ci</c> in <paramref name="dir"/> (a folder of tests/ with its package.json and package-lock.json)
    /// unless <paramref name="package"/> is installed there already.</summary>
    public static async Task EnsureNodeModulesAsync(string dir, string package = "oidc-provider")
    {
        await NpmLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(dir, "node_modules", package))) return;
            var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
            {
                WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            var stderr = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {dir} failed:\n{await stderr}");
        }
        finally { NpmLock.Release(); }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AccessControl.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with AccessControl.sln) was not found above " + AppContext.BaseDirectory);
    }
}
