using AccessControl.Data;
using AccessControl.Testing;

namespace AccessControl.Data.Tests;

/// <summary>
/// A test class that runs once per provider: each test gets a fresh database, migrated with the real migrations
/// and seeded with the built-ins. Subclasses are sealed per provider and carry the Database trait.
/// </summary>
public abstract class DatabaseTest : IAsyncLifetime
{
    protected abstract string Provider { get; }
    protected virtual bool SeedBuiltIns => true;
    protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = TestDatabase.Create(Provider);
        if (SeedBuiltIns) await Database.MigrateAndSeedAsync();
        else await Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected AccessControlDbContext NewContext() => Database.CreateContext();

    /// <summary>Adds the entities in a context of their own and saves.</summary>
    protected async Task AddAsync(params object[] entities)
    {
        await using var db = NewContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }
}
