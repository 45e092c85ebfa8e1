using System.Text.RegularExpressions;
using AccessControl.Data;
using AccessControl.Web.Features.Collections;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Collections;

/// <summary>
/// The console's tree at 20,000 collections: one level per request, answered through the (ParentId, NormalizedName) index
/// (PostgreSQL's plan, not a timing; docs/collection-tree.md). Its own fixture, so the other tests never see the bulk.
/// </summary>
[Trait("Database", "Postgres")]
public sealed partial class LargeTreeTests(PostgresApiFixture app) : IClassFixture<PostgresApiFixture>
{
    private const int Tops = 100, ChildrenEach = 199; // 100 + 100 × 199 = 20,000 collections

    private async Task<AccessControlDbContext> SeedAsync()
    {
        var db = await app.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>().CreateDbContextAsync();
        if (await db.Collections.AnyAsync(c => c.Id == "bulk1")) return db;
        await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO "Collections" ("Id", "ParentId", "Name", "NormalizedName", "BuiltIn", "CreatedAt", "Version")
            SELECT 'bulk' || t, 'swarm', 'bulk-' || t, 'BULK-' || t, false, now(), gen_random_uuid() FROM generate_series(1, {Tops}) t;
            INSERT INTO "Collections" ("Id", "ParentId", "Name", "NormalizedName", "BuiltIn", "CreatedAt", "Version")
            SELECT 'bulk' || t || '-' || c, 'bulk' || t, 'c' || c, 'C' || c, false, now(), gen_random_uuid()
            FROM generate_series(1, {Tops}) t, generate_series(1, {ChildrenEach}) c;
            ANALYZE "Collections";
            """);
        return db;
    }

    [Fact]
    public async Task Children_of_one_collection_are_one_level_of_a_20000_collection_tree()
    {
        await using var db = await SeedAsync();
        Assert.True(await db.Collections.CountAsync() >= Tops * (ChildrenEach + 1));
        using var scope = app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<CollectionService>();

        var top = await service.ChildrenAsync("bulk7", new PageRequest(0, 200), CancellationToken.None);
        Assert.Equal(ChildrenEach, top.Total);
        Assert.Equal(ChildrenEach, top.Items.Count);
        Assert.All(top.Items, n => Assert.StartsWith("/bulk-7/c", n.Path, StringComparison.Ordinal));
        Assert.All(top.Items, n => Assert.Equal(0, n.ChildCount));

        var root = await service.ChildrenAsync("swarm", new PageRequest(0, 50), CancellationToken.None);
        Assert.Equal(50, root.Items.Count);
        Assert.True(root.Total > Tops);
        Assert.All(root.Items.Where(n => n.Id.StartsWith("bulk", StringComparison.Ordinal)), n => Assert.Equal(ChildrenEach, n.ChildCount));
    }

    [Fact]
    public async Task The_children_query_uses_the_parent_index_and_never_scans_the_table()
    {
        await using var db = await SeedAsync();
        var sql = Inline(CollectionService.ChildRows(db, "bulk7").Skip(0).Take(200).ToQueryString());
        var plan = await ExplainAsync(db, sql);

        Assert.Contains("IX_Collections_ParentId_NormalizedName", plan);
        Assert.DoesNotContain("Seq Scan", plan);
    }

    /// <summary>ToQueryString's parameter comments (<c>-- @p='v'</c>) substituted into the SQL, so that EXPLAIN can run it.</summary>
    private static string Inline(string query)
    {
        var lines = query.Split('\n');
        var parameters = lines.Select(l => Parameter().Match(l)).Where(m => m.Success).ToList();
        var sql = string.Join('\n', lines.Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
        foreach (var p in parameters.OrderByDescending(p => p.Groups[1].Value.Length))
            sql = sql.Replace(p.Groups[1].Value, $"'{p.Groups[2].Value}'", StringComparison.Ordinal);
        return sql;
    }

    private static async Task<string> ExplainAsync(AccessControlDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN " + sql;
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return string.Join('\n', plan);
    }

    [GeneratedRegex(@"^-- (@\w+)='(.*)'")]
    private static partial Regex Parameter();
}
