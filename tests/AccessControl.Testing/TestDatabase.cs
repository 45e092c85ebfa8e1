using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Testing;

/// <summary>
/// A fresh, empty database for one test (or one test class), dropped on dispose. Migrated with the real migrations
/// of its provider, never with EnsureCreated.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>"Sqlite" or "Postgres", as <see cref="DatabaseProvider.Configure"/> takes it.</summary>
    public abstract string Provider { get; }
    public abstract string ConnectionString { get; }

    public static TestDatabase Create(string provider) => DatabaseProvider.Normalize(provider) switch
    {
        DatabaseProvider.Sqlite => SqliteTestDatabase.Create(),
        _ => PostgresTestDatabase.Create(),
    };

    public DbContextOptions<AccessControlDbContext> Options()
    {
        var b = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(b, Provider, ConnectionString);
        return b.Options;
    }

    public AccessControlDbContext CreateContext(TimeProvider? clock = null)
    {
        var db = new AccessControlDbContext(Options());
        if (clock is not null) db.TimeProvider = clock;
        return db;
    }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Migrates and seeds the built-ins, as the application does at start-up.</summary>
    public async Task MigrateAndSeedAsync(CancellationToken ct = default)
    {
        await MigrateAsync(ct);
        await using var db = CreateContext();
        await BuiltIns.EnsureAsync(db, ct);
    }

    public abstract ValueTask DisposeAsync();
}
