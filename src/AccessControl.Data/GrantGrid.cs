using System.Linq.Expressions;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

public enum GrantSort { Subject, Role, Resource, CreatedAt, CreatedBy }

/// <summary>
/// One page of the grants grid, sorted and paged in the database (the console never loads 100,000 grants). The app's grid
/// and API use it, and the benchmark times it on the large preset (docs/console.md, "The grants grid at scale").
/// <list type="bullet">
/// <item>Sort keys: creation time, creator, and the subject's and resource set's names are columns of the grant
/// (<see cref="Grant.SubjectName"/> and <see cref="Grant.ResourceName"/> are copies kept by <see cref="GrantSortNames"/>),
/// each with a (column, Id) index, so a page is an index range. The role sorts by its name through a join to the roles
/// (a few dozen rows). A collection sorts by its own name, not its full path (the path is not stored).</item>
/// <item>Narrow first: the sorted, paged query returns only grant ids (an index-only scan where the index covers it); the
/// page's rows are then read by primary key.</item>
/// <item>Past the middle of the list the page is read from the other end in the opposite order, so no page walks
/// more than half of it (the last page costs what the first does).</item>
/// </list>
/// Ties break on the id in the sort's direction, so that the order read backwards is exactly the order reversed.
/// </summary>
public static class GrantGrid
{
    public static async Task<List<Grant>> PageAsync(AccessControlDbContext db, IQueryable<Grant> grants, GrantSort sort, bool descending,
        int offset, int limit, int total, CancellationToken ct)
    {
        if (limit <= 0 || offset >= total) return [];
        var fromEnd = offset + limit / 2 > total / 2;
        var (skip, take) = fromEnd ? (Math.Max(0, total - offset - limit), Math.Min(limit, total - offset)) : (offset, limit);
        var ids = await SortedIds(db, grants, sort, descending ^ fromEnd).Skip(skip).Take(take).ToListAsync(ct);
        if (fromEnd) ids.Reverse();
        var rows = await db.Grants.AsNoTracking().Where(g => ids.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        return ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
    }

    /// <summary>The ids of the grants in the grid's order (public so that tests and the benchmark can EXPLAIN it).</summary>
    public static IQueryable<Guid> SortedIds(AccessControlDbContext db, IQueryable<Grant> grants, GrantSort sort, bool descending) => sort switch
    {
        GrantSort.CreatedAt => By(grants, g => g.CreatedAt, descending),
        GrantSort.CreatedBy => By(grants, g => g.CreatedBy, descending),
        GrantSort.Subject => By(grants, g => g.SubjectName, descending),
        GrantSort.Resource => By(grants, g => g.ResourceName, descending),
        _ => Ordered(
            from g in grants
            join r in db.Roles on g.RoleId equals r.Id
            select new Keyed { Id = g.Id, Key = r.NormalizedName }, descending),
    };

    private static IQueryable<Guid> By<TKey>(IQueryable<Grant> grants, Expression<Func<Grant, TKey>> key, bool descending) =>
        (descending ? grants.OrderByDescending(key).ThenByDescending(g => g.Id) : grants.OrderBy(key).ThenBy(g => g.Id)).Select(g => g.Id);

    private static IQueryable<Guid> Ordered(IQueryable<Keyed> rows, bool descending) =>
        (descending ? rows.OrderByDescending(x => x.Key).ThenByDescending(x => x.Id) : rows.OrderBy(x => x.Key).ThenBy(x => x.Id)).Select(x => x.Id);

    private sealed class Keyed
    {
        public Guid Id { get; init; }
        public string Key { get; init; } = "";
    }
}
