using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Bench.Measure;

/// <summary>
/// The console's grants grid on the preset's PostgreSQL: the total count plus one page of 50 sorted by a column, as
/// <c>GrantService.GridAsync</c> asks it (<see cref="GrantGrid"/>), at the first page and at pages spread over the list.
/// </summary>
public static class GrantsGridMeasurement
{
    public const int PageSize = 50;

    public static async Task RunAsync(string database, int grants, int repetitions, PresetResult result)
    {
        var options = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(options, DatabaseProvider.Postgres, database);
        var pages = Enumerable.Range(0, repetitions).Select(i => i == 0 ? 0 : (int)((long)i * Math.Max(0, grants - PageSize) / repetitions)).ToList();
        async Task<Percentiles> Time(GrantSort sort, bool descending)
        {
            await Page(0); // warm-up: EF model, query compilation, plan
            return Percentiles.Of(await Stats.TimeEachAsync(pages, TimeSpan.FromMinutes(1), Page));

            async Task Page(int offset)
            {
                await using var db = new AccessControlDbContext(options.Options);
                var q = db.Grants.AsNoTracking();
                var total = await q.CountAsync();
                _ = await GrantGrid.PageAsync(db, q, sort, descending, offset, PageSize, total, CancellationToken.None);
            }
        }
        result.GrantsGridCreatedMs = Millis(await Time(GrantSort.CreatedAt, descending: true));
        result.GrantsGridSubjectMs = Millis(await Time(GrantSort.Subject, descending: false));
    }

    private static Percentiles Millis(Percentiles us) => new(us.P50 / 1000, us.P95 / 1000, us.P99 / 1000, us.Count);
}
