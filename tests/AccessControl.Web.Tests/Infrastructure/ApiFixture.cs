using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using AccessControl.Testing;
using Microsoft.Extensions.Configuration;

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

    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => factory!.Services;

    /// <summary>Extra configuration for the app under test (e.g. <c>seed=demo</c>).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task InitializeAsync()
    {
        database = TestDatabase.Create(Provider);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            // UseSetting, not ConfigureAppConfiguration: Program reads the database settings before Build, when only
            // host settings are visible (otherwise every fixture would share the default SQLite file).
            foreach (var (key, value) in new Dictionary<string, string?>
                     {
                         ["Database:Provider"] = Provider,
                         [$"ConnectionStrings:{Provider}"] = database.ConnectionString,
                         ["Database:MigrateAtStartup"] = "true",
                         ["Database:SeedDemo"] = "false",
                     }.Concat(ExtraSettings))
                b.UseSetting(key, value);
        });
        Client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/api/v1/") });
        return Task.CompletedTask;
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

public sealed class PostgresApiFixture : ApiFixture
{
    public override string Provider => "Postgres";
}
