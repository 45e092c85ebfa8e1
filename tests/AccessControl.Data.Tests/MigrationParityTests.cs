using AccessControl.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AccessControl.Data.Tests;

/// <summary>
/// The two providers' migrations describe the same schema: same tables, columns (and nullability), indexes and
/// delete behaviours. Reads the migration snapshots, so it needs no server.
/// </summary>
public sealed class MigrationParityTests
{
    private static IRelationalModel SnapshotOf(string provider)
    {
        var b = new DbContextOptionsBuilder<AccessControlDbContext>();
        // Never opened: only the migrations assembly is read.
        DatabaseProvider.Configure(b, provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost");
        using var db = new AccessControlDbContext(b.Options);
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot?.Model
            ?? throw new InvalidOperationException($"The {provider} migrations assembly has no model snapshot.");
        if (snapshot is IMutableModel mutable) snapshot = mutable.FinalizeModel();
        return db.GetService<IModelRuntimeInitializer>().Initialize(snapshot).GetRelationalModel();
    }

    private static List<string> Columns(IRelationalModel m) =>
        [.. m.Tables.SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name}{(c.IsNullable ? "?" : "")}")).Order()];

    private static List<string> Indexes(IRelationalModel m) =>
        [.. m.Tables.SelectMany(t => t.Indexes.Select(i => $"{t.Name}({string.Join(",", i.Columns.Select(c => c.Name))}){(i.IsUnique ? " unique" : "")}")).Order()];

    private static List<string> ForeignKeys(IRelationalModel m) =>
        [.. m.Tables.SelectMany(t => t.ForeignKeyConstraints.Select(f =>
            $"{t.Name}({string.Join(",", f.Columns.Select(c => c.Name))}) -> {f.PrincipalTable.Name} on delete {f.OnDeleteAction}")).Order()];

    [Fact]
    public void Both_providers_migrations_have_the_same_tables_and_columns()
    {
        var (sqlite, postgres) = (SnapshotOf(DatabaseProvider.Sqlite), SnapshotOf(DatabaseProvider.Postgres));
        Assert.Equal(19, sqlite.Tables.Count()); // + ApiTokens, AppRoleAssignments (issue 3), ProvisioningConnections, ProvisioningRequests (SCIM), ModelVersion, DataProtectionKeys (scale-out), HistoryCheckpoints (issue 5)
        Assert.Equal(sqlite.Tables.Select(t => t.Name).Order(), postgres.Tables.Select(t => t.Name).Order());
        Assert.Equal(Columns(sqlite), Columns(postgres));
    }

    [Fact]
    public void Both_providers_migrations_have_the_same_indexes_and_delete_behaviours()
    {
        var (sqlite, postgres) = (SnapshotOf(DatabaseProvider.Sqlite), SnapshotOf(DatabaseProvider.Postgres));
        Assert.Equal(Indexes(sqlite), Indexes(postgres));
        Assert.Equal(ForeignKeys(sqlite), ForeignKeys(postgres));
    }
}
