using AccessControl.Bench.Postgres;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Testing;

namespace AccessControl.Bench.Tests;

[Trait("Database", "Postgres")]
public class BulkLoaderTests
{
    /// <summary>Every row as text, in a fixed order: ImmutableArray members compare by reference in records.</summary>
    private static IEnumerable<string> Rows(AccessModel m) =>
        m.Users.Select(u => $"{u}").Order()
            .Concat(m.Orgs.Select(o => $"{o}").Order())
            .Concat(m.Teams.Select(t => $"{t}").Order())
            .Concat(m.OrgMembers.Select(x => $"{x}").Order())
            .Concat(m.TeamMembers.Select(x => $"{x}").Order())
            .Concat(m.ServiceAccounts.Select(x => $"{x}").Order())
            .Concat(m.Roles.Select(r => $"{r.Id} {r.Name} {string.Join(",", r.Permissions.Order(StringComparer.Ordinal))}").Order())
            .Concat(m.Collections.Select(c => $"{c}").Order())
            .Concat(m.Namespaces.Select(n => $"{n}").Order())
            .Concat(m.Grants.Select(g => $"{g}").Order());

    [Fact]
    public async Task Copy_loads_small_and_the_model_loader_reads_back_an_equal_model()
    {
        await using var database = PostgresTestDatabase.Create();
        await BulkLoader.MigrateAsync(database.ConnectionString);
        await BulkLoader.LoadAsync(database.ConnectionString, Models.Small);

        await using var db = database.CreateContext();
        var loaded = await AccessModelLoader.LoadAsync(db);
        Assert.Equal(Rows(Models.Small.Model), Rows(loaded));
        // The app's own start-up finds nothing of its built-ins missing but the settings.
        await BuiltIns.EnsureAsync(db);
        Assert.Equal(Models.Small.Model.Grants.Length, (await AccessModelLoader.LoadAsync(db)).Grants.Length);
    }
}
