using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Collections;

/// <summary>One collection as a node of the tree: what the console needs to draw it without loading its subtree.</summary>
public sealed record CollectionNode(string Id, string Name, string Path, int ChildCount, bool BuiltIn, string Etag);

/// <summary>Reading the tree one level at a time, so that a tree of tens of thousands of collections is never loaded whole.</summary>
public sealed partial class CollectionService
{
    /// <summary>
    /// The direct children of a collection (siblings by name without case), each with the number of its own children.
    /// One query on the (ParentId, NormalizedName) index; the counts are correlated index lookups. docs/collection-tree.md.
    /// </summary>
    public async Task<Page<CollectionNode>> ChildrenAsync(string id, PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var parent = await FindAsync(db.Collections.AsNoTracking(), id, ct);
        var parentPath = await CollectionTree.PathAsync(db, parent.Id, ct);
        var total = await db.Collections.CountAsync(c => c.ParentId == parent.Id, ct);
        var rows = await ChildRows(db, parent.Id).Skip(page.Offset).Take(page.Limit).ToListAsync(ct);
        var prefix = parentPath == "/" ? "/" : parentPath + "/";
        return new(rows.Select(r => new CollectionNode(r.Id, r.Name, prefix + r.Name, r.Children, r.BuiltIn, ETags.Format(r.Version))).ToList(), total);
    }

    /// <summary>The query behind <see cref="ChildrenAsync"/> (public so that a test can EXPLAIN it on PostgreSQL).</summary>
    internal static IQueryable<ChildRow> ChildRows(Data.AccessControlDbContext db, string parentId) =>
        db.Collections.AsNoTracking().Where(c => c.ParentId == parentId).OrderBy(c => c.NormalizedName).ThenBy(c => c.Name)
            .Select(c => new ChildRow(c.Id, c.Name, c.BuiltIn, c.Version, db.Collections.Count(x => x.ParentId == c.Id)));

    internal sealed record ChildRow(string Id, string Name, bool BuiltIn, Guid Version, int Children);

    /// <summary>The collection and its ancestors, root first (the breadcrumbs and the sources of inherited grants).</summary>
    public async Task<IReadOnlyList<CollectionNode>> LineageAsync(string id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var chain = new List<Data.Entities.Collection>();
        string? current = id;
        for (var depth = 0; current is not null && depth <= 64; depth++)
        {
            var c = await FindAsync(db.Collections.AsNoTracking(), current, ct);
            chain.Insert(0, c);
            current = c.ParentId;
        }
        var ids = chain.Select(c => c.Id).ToList();
        var counts = await db.Collections.AsNoTracking().Where(c => c.ParentId != null && ids.Contains(c.ParentId))
            .GroupBy(c => c.ParentId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var nodes = new List<CollectionNode>();
        foreach (var c in chain)
        {
            var path = nodes.Count == 0 ? "/" : nodes[^1].Path == "/" ? "/" + c.Name : nodes[^1].Path + "/" + c.Name;
            nodes.Add(new CollectionNode(c.Id, c.Name, path, counts.GetValueOrDefault(c.Id), c.BuiltIn, ETags.Format(c.Version)));
        }
        return nodes;
    }
}
