using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace AccessControl.Web.Tests.Infrastructure;

/// <summary>
/// The whole app over HTTP on a fresh database of one provider, migrated by the real migrations at start-up.
/// One per test class (xunit class fixture): tests in a class share the database, so they use unique names.
/// </summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? factory;
    public abstract string Provider { get; }
    protected abstract Task<string> CreateDatabaseAsync();
    protected abstract Task DropDatabaseAsync();

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Extra configuration for the app under test (e.g. <c>seed=demo</c>).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];
    public IServiceProvider Services => factory!.Services;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task InitializeAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = Provider,
                [$"ConnectionStrings:{Provider}"] = connectionString,
                ["Database:MigrateAtStartup"] = "true",
                ["Database:SeedDemo"] = "false",
            }.Concat(ExtraSettings)));
        });
        Client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/api/v1/") });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        await DropDatabaseAsync();
    }

    /// <summary>A name no other test uses, valid as a user, org, team, collection or namespace name.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

public class SqliteApiFixture : ApiFixture
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"accesscontrol-test-{Guid.NewGuid():N}.db");
    public override string Provider => "Sqlite";

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult($"Data Source={file};Pooling=false");

    protected override Task DropDatabaseAsync()
    {
        foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        return Task.CompletedTask;
    }
}

public sealed class PostgresApiFixture : ApiFixture
{
    private readonly string database = $"act_{Guid.NewGuid():N}";
    public override string Provider => "Postgres";

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("ACCESSCONTROL_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "ACCESSCONTROL_TEST_POSTGRES is not set. Run ./test.sh (it starts a throwaway PostgreSQL), or set it to an admin " +
            "connection string such as Host=127.0.0.1;Port=5432;Username=postgres.");

    protected override async Task<string> CreateDatabaseAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using (var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{database}\"", conn)) await cmd.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var conn = new Npgsql.NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
