using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

public enum GrantSort { Subject, Role, Resource, CreatedAt, CreatedBy }

/// <summary>
/// One page of the grants grid, sorted and paged in the database (the console never loads 100,000 grants). The app's grid
/// and API use it, and the benchmark times it on the large preset (docs/console.md, "The grants grid at scale").
/// <list type="bullet">
/// <item>Sort keys: creation time and creator are columns with their own (column, Id) indexes, so a page is an index
/// range; a subject's, role's or resource set's name comes through a left join to only the tables that sort needs
/// (upper-cased, as the stored normalised names). A collection sorts by its own name, not its full path (the path is not stored).</item>
/// <item>Narrow first: the sorted, paged query returns only grant ids (index-only for the time sorts; a sort of
/// (key, id) pairs that fits in memory for the name sorts); the page's 50 rows are then read by primary key.</item>
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
    public static IQueryable<Guid> SortedIds(AccessControlDbContext db, IQueryable<Grant> grants, GrantSort sort, bool descending)
    {
        switch (sort)
        {
            case GrantSort.CreatedAt:
                return descending
                    ? grants.OrderByDescending(g => g.CreatedAt).ThenByDescending(g => g.Id).Select(g => g.Id)
                    : grants.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id).Select(g => g.Id);
            case GrantSort.CreatedBy:
                return descending
                    ? grants.OrderByDescending(g => g.CreatedBy).ThenByDescending(g => g.Id).Select(g => g.Id)
                    : grants.OrderBy(g => g.CreatedBy).ThenBy(g => g.Id).Select(g => g.Id);
            case GrantSort.Role:
                return Ordered(
                    from g in grants
                    join r in db.Roles on g.RoleId equals r.Id
                    select new Keyed { Id = g.Id, Key = r.NormalizedName }, descending);
            case GrantSort.Resource:
                return Ordered(
                    from g in grants
                    join c in db.Collections on g.CollectionId equals c.Id into cs from c in cs.DefaultIfEmpty()
                    join n in db.Namespaces on g.NamespaceId equals n.Id into ns from n in ns.DefaultIfEmpty()
                    select new Keyed { Id = g.Id, Key = c != null ? c.NormalizedName : n != null ? n.Name.ToUpper() : "*" }, descending);
            default:
                return Ordered(
                    from g in grants
                    join u in db.Users on g.UserId equals u.Id into us from u in us.DefaultIfEmpty()
                    join t in db.Teams on g.TeamId equals t.Id into ts from t in ts.DefaultIfEmpty()
                    join o in db.Organizations on g.OrgId equals o.Id into os from o in os.DefaultIfEmpty()
                    join a in db.ServiceAccounts on g.ServiceAccountId equals a.Id into sas from a in sas.DefaultIfEmpty()
                    select new Keyed
                    {
                        Id = g.Id,
                        Key = u != null ? u.NormalizedUserName : t != null ? t.Name.ToUpper() : o != null ? o.Name.ToUpper() : a != null ? (a.Namespace + "/" + a.Name).ToUpper() : "",
                    },
                    descending);
        }
    }

    private static IQueryable<Guid> Ordered(IQueryable<Keyed> rows, bool descending) =>
        (descending ? rows.OrderByDescending(x => x.Key).ThenByDescending(x => x.Id) : rows.OrderBy(x => x.Key).ThenBy(x => x.Id)).Select(x => x.Id);

    private sealed class Keyed
    {
        public Guid Id { get; init; }
        public string Key { get; init; } = "";
    }
}
