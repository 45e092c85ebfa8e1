using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using AccessControl.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Tokens;

namespace AccessControl.Web.Tests.Infrastructure;

/// <summary>
/// The whole app over HTTP on a fresh database of one provider, migrated by the real migrations at start-up.
/// One per test class (xunit class fixture): tests in a class share the database, so they use unique names.
/// </summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? factory;
    private TestDatabase? database;
    public abstract string Provider { get; }

    /// <summary>The name of the Administrator API token <see cref="Client"/> sends (the audit log's actor is <c>token:api</c>).</summary>
    public const string AdminTokenName = "api";

    /// <summary>Calls the API as an Administrator, with a real API token created at start.</summary>
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => factory!.Services;

    /// <summary>Every log message of the app at every level, when <see cref="CaptureLogs"/>.</summary>
    public CapturedLogs Logs { get; } = new();
    protected virtual bool CaptureLogs => false;

    /// <summary>Extra configuration for the app under test (e.g. <c>seed=demo</c>).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task InitializeAsync()
    {
        database = TestDatabase.Create(Provider);
        factory = CreateFactory(Provider, database.ConnectionString, ExtraSettings, CaptureLogs ? Logs : null);
        Client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/api/v1/") });
        Client.DefaultRequestHeaders.Authorization = new("Bearer", await CreateTokenAsync(AdminTokenName, "Administrator"));
    }

    /// <summary>An instance of the app on a database that the fixture (or another instance) has created.</summary>
    public static WebApplicationFactory<Program> CreateFactory(string provider, string connectionString,
        IEnumerable<KeyValuePair<string, string?>> extraSettings, CapturedLogs? logs = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            // UseSetting, not ConfigureAppConfiguration: Program reads the database settings before Build, when only
            // host settings are visible (otherwise every fixture would share the default SQLite file).
            foreach (var (key, value) in new Dictionary<string, string?>
                     {
                         ["Database:Provider"] = provider,
                         [$"ConnectionStrings:{provider}"] = connectionString,
                         ["Database:MigrateAtStartup"] = "true",
                         ["Database:SeedDemo"] = "false",
                     }.Concat(extraSettings))
                b.UseSetting(key, value);
            if (logs is not null)
                b.ConfigureLogging(l => l.AddProvider(logs).AddFilter<CapturedLogs>(null, Microsoft.Extensions.Logging.LogLevel.Trace));
        });

    /// <summary>A client that sends no credentials (and does not follow redirects, so a sign-in redirect shows).</summary>
    public HttpClient Anonymous() =>
        factory!.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/api/v1/"), AllowAutoRedirect = false });

    /// <summary>A client authenticated by a new API token with this app role (a unique token name unless given).</summary>
    public async Task<HttpClient> ClientFor(string role, string? tokenName = null)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await CreateTokenAsync(tokenName ?? Unique(role.ToLowerInvariant()), role));
        return client;
    }

    /// <summary>Creates an API token through <see cref="TokenService"/> (as the CLI does) and returns its secret.</summary>
    public async Task<string> CreateTokenAsync(string name, string role, TimeSpan? lifetime = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set("test-fixture");
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        var expires = DateTime.UtcNow + (lifetime ?? TimeSpan.FromDays(1));
        return (await tokens.CreateAsync(name, role, expires, CancellationToken.None)).Token;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }

    /// <summary>Another client of the app under test, e.g. for /scim/v2 with its own bearer token.</summary>
    public HttpClient CreateClient(string baseAddress) =>
        factory!.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress) });

    /// <summary>A name no other test uses, valid as a user, org, team, collection or namespace name.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

public class SqliteApiFixture : ApiFixture
{
    public override string Provider => "Sqlite";
}

public class PostgresApiFixture : ApiFixture
{
    public override string Provider => "Postgres";
}
