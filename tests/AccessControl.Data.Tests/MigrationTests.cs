using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data.Tests;

public abstract class MigrationTests : DatabaseTest
{
    protected override bool SeedBuiltIns => false;

    [Fact]
    public async Task The_migrations_apply_on_an_empty_database()
    {
        await using var db = NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_Initial"));
        Assert.Empty(await db.Users.ToListAsync());
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var db = NewContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The EF model of AccessControlDbContext has changes that no {Provider} migration captures: add a migration to both providers.");
    }
}

[Trait("Database", "Sqlite")]
public sealed class MigrationTestsOnSqlite : MigrationTests { protected override string Provider => "Sqlite"; }

[Trait("Database", "Postgres")]
public sealed class MigrationTestsOnPostgres : MigrationTests { protected override string Provider => "Postgres"; }
