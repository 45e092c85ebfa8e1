using System.Net;
using AccessControl.Testing;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (a browser cannot reach TestServer) at a free loopback port, in Development so static assets
/// are served, on a fresh PostgreSQL database (migrated at start-up) with the demo data, signing people in through the test OpenID Connect provider;
/// and headless Chromium from Debian's package (never a downloaded browser).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly OidcProviderFixture provider = new();
    private WebApplicationFactory<Program>? factory;
    private TestDatabase? database;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string AppUrl { get; private set; } = "";
    public string Authority { get; private set; } = "";

    /// <summary>Running: the test provider; Unreachable: a port where none listens; None: no AzureAd (development sign-in).</summary>
    protected virtual ProviderMode Mode => ProviderMode.Running;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (apt-get install chromium). The tests never download a browser.");
        var port = OidcProviderFixture.FreePort();
        AppUrl = $"http://127.0.0.1:{port}";
        if (Mode == ProviderMode.Running)
        {
            await provider.StartAsync([AppUrl]);
            Authority = provider.Authority;
        }
        else Authority = $"http://127.0.0.1:{OidcProviderFixture.FreePort()}";

        database = TestDatabase.Create("Postgres");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Database:MigrateAtStartup"] = "true",
            ["seed"] = "demo",
        };
        if (Mode != ProviderMode.None)
        {
            settings["AzureAd:Authority"] = Authority;
            settings["AzureAd:ClientId"] = OidcProviderFixture.WebClientId;
            settings["AzureAd:ClientSecret"] = OidcProviderFixture.Secret;
            settings["AzureAd:Audience"] = OidcProviderFixture.Audience;
        }
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        factory.StartServer();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser profile (no cookies) that may only talk to loopback addresses.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
        await context.RouteAsync("**/*", route =>
            Uri.TryCreate(route.Request.Url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Scheme is "data" or "blob")
                ? route.ContinueAsync()
                : route.AbortAsync());
        return await context.NewPageAsync();
    }

    /// <summary>Opens the app, which sends the browser to the provider's login form; signs in there as <paramref name="login"/>.</summary>
    public async Task<IPage> SignInAsync(string login, string path = "/")
    {
        var page = await NewPageAsync();
        await page.GotoAsync(AppUrl + path);
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(AppUrl, StringComparison.Ordinal));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
        await provider.DisposeAsync();
    }
}

public enum ProviderMode { Running, Unreachable, None }

public sealed class UnreachableProviderFixture : BrowserFixture
{
    protected override ProviderMode Mode => ProviderMode.Unreachable;
}

public sealed class NoProviderFixture : BrowserFixture
{
    protected override ProviderMode Mode => ProviderMode.None;
}
