using AccessControl.Data;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Bench.Measure;

/// <summary>
/// The console's grants grid on the preset's PostgreSQL: the exact count plus one page of 50, as
/// <c>GrantService.GridAsync</c> asks it (<see cref="GrantGrid.PageAsync"/>), at the first page and at pages spread over
/// the list. Newest first and by subject name are the table's two rows; every other sort (both directions where the
/// plan differs) and the filtered views (the largest role's grants, sorted by subject and newest first) are timed too,
/// each logged, and the slowest of them is the table's third row.
/// </summary>
public static class GrantsGridMeasurement
{
    public const int PageSize = 50;

    private sealed record Case(string Name, GrantSort Sort, bool Descending, bool LargestRole = false);

    private static readonly Case[] Others =
    [
        new("subject, descending", GrantSort.Subject, true),
        new("role", GrantSort.Role, false),
        new("resource set", GrantSort.Resource, false),
        new("created by", GrantSort.CreatedBy, false),
        new("oldest first", GrantSort.CreatedAt, false),
        new("largest role's grants by subject", GrantSort.Subject, false, LargestRole: true),
        new("largest role's grants newest first", GrantSort.CreatedAt, true, LargestRole: true),
    ];

    public static async Task RunAsync(string database, int grants, int repetitions, PresetResult result, Action<string>? log = null)
    {
        var options = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(options, DatabaseProvider.Postgres, database);
        string largestRole;
        int largestRoleGrants;
        await using (var db = new AccessControlDbContext(options.Options))
        {
            var top = await db.Grants.GroupBy(g => g.RoleId).Select(g => new { g.Key, Count = g.Count() }).OrderByDescending(x => x.Count).FirstAsync();
            (largestRole, largestRoleGrants) = (top.Key, top.Count);
        }

        async Task<Percentiles> Time(Case c)
        {
            var count = c.LargestRole ? largestRoleGrants : grants;
            var pages = Enumerable.Range(0, repetitions).Select(i => i == 0 ? 0 : (int)((long)i * Math.Max(0, count - PageSize) / repetitions)).ToList();
            await Page(0); // warm-up: EF model, query compilation, plan
            return Millis(Percentiles.Of(await Stats.TimeEachAsync(pages, TimeSpan.FromMinutes(1), Page)));

            async Task Page(int offset)
            {
                await using var db = new AccessControlDbContext(options.Options);
                IQueryable<Grant> q = db.Grants.AsNoTracking();
                if (c.LargestRole) q = q.Where(g => g.RoleId == largestRole);
                var total = await q.CountAsync();
                _ = await GrantGrid.PageAsync(db, q, c.Sort, c.Descending, offset, PageSize, total, CancellationToken.None);
            }
        }
        result.GrantsGridCreatedMs = await Time(new("newest first", GrantSort.CreatedAt, true));
        result.GrantsGridSubjectMs = await Time(new("subject", GrantSort.Subject, false));
        foreach (var c in Others)
        {
            var p = await Time(c);
            log?.Invoke($"grants grid by {c.Name}{(c.LargestRole ? $" ({largestRole}, {largestRoleGrants:N0} grants)" : "")}: p50 {p.P50:N1} ms, p95 {p.P95:N1} ms");
            if (result.GrantsGridOthersMs is null || p.P95 > result.GrantsGridOthersMs.P95)
                (result.GrantsGridOthersMs, result.GrantsGridOthersWorst) = (p, c.Name);
        }
    }

    private static Percentiles Millis(Percentiles us) => new(us.P50 / 1000, us.P95 / 1000, us.P99 / 1000, us.Count);
}
