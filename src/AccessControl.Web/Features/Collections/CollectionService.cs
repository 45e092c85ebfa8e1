using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Collections;

/// <summary>The collection tree: list, look up by id or path, create, rename, move, delete (optionally with the subtree).</summary>
public sealed partial class CollectionService(IDbContextFactory<AccessControlDbContext> dbs, AccessSnapshot snapshot, CurrentActor actor, TimeProvider clock)
{
    /// <summary>
    /// Collections in tree order (depth first, siblings by name without case), which is path order by segments.
    /// <paramref name="under"/> limits the list to that collection and everything below it (the collection itself included);
    /// an unknown path is a 404. The order comes from the snapshot; the rows themselves are read from the database.
    /// </summary>
    public async Task<Page<CollectionDto>> ListAsync(string? under, PageRequest page, CancellationToken ct)
    {
        var index = snapshot.Current.Index;
        var start = BuiltInCollections.Root;
        if (under is not null)
        {
            if (CollectionTree.Segments(under) is null) throw new ValidationException("under", PathMessage("under"));
            start = index.FindCollection(under)?.Id ?? throw new NotFoundException($"There is no collection at '{under}'.");
        }
        var ordered = new List<string>();
        Visit(index, start, ordered);
        var ids = ordered.Skip(page.Offset).Take(page.Limit).ToList();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.Collections.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var paths = await CollectionTree.PathsAsync(db, ids, ct);
        var items = ids.Where(id => rows.ContainsKey(id) && paths.ContainsKey(id)).Select(id => CollectionDto.From(rows[id], paths[id])).ToList();
        return new Page<CollectionDto>(items, ordered.Count);
    }

    private static void Visit(ModelIndex index, string id, List<string> ordered)
    {
        if (index.Collection(id) is null) return;
        ordered.Add(id);
        foreach (var child in index.ChildrenOf(id).Select(c => index.Collection(c)!)
                     .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.Ordinal))
            Visit(index, child.Id, ordered);
    }

    public async Task<CollectionDto> GetAsync(string id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await FindAsync(db.Collections.AsNoTracking(), id, ct);
        return CollectionDto.From(c, await CollectionTree.PathAsync(db, c.Id, ct));
    }

    /// <summary>Paths are compared without case; the answer carries the stored case.</summary>
    public async Task<CollectionDto> GetByPathAsync(string? path, CancellationToken ct)
    {
        if (CollectionTree.Segments(path) is null) throw new ValidationException("path", PathMessage("path"));
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await CollectionTree.FindByPathAsync(db.Collections.AsNoTracking(), path!, ct)
                ?? throw new NotFoundException($"There is no collection at '{path}'.");
        return CollectionDto.From(c, await CollectionTree.PathAsync(db, c.Id, ct));
    }

    /// <summary>Creates the last segment of the path; its parent must exist already (a missing parent is a 400 on <c>path</c>,
    /// parents are not created implicitly).</summary>
    public async Task<CollectionDto> CreateAsync(CreateCollectionRequest request, CancellationToken ct)
    {
        actor.EnsureAdministrator("create collections");
        var segments = CollectionTree.Segments(request.Path);
        var v = new Validator().Require("path", request.Path);
        if (request.Path is not null && segments is null) v.Add("path", PathMessage("path"));
        else if (segments is { Length: 0 }) v.Add("path", "The root collection / always exists; name a collection below it, such as /prod.");
        else if (segments is not null)
        {
            v.Check("path", Names.ValidateCollection(segments[^1]));
            if (segments.Length > Names.MaxCollectionDepth)
                v.Add("path", $"Collections nest at most {Names.MaxCollectionDepth} levels deep; this path has {segments.Length}.");
        }
        v.ThrowIfInvalid();

        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "collection.create";
        var parentPath = "/" + string.Join('/', segments![..^1]);
        var parent = await CollectionTree.FindByPathAsync(db.Collections.AsNoTracking(), parentPath, ct)
                     ?? throw new ValidationException("path", $"The parent collection '{parentPath}' does not exist; create it first.");
        var storedParentPath = await CollectionTree.PathAsync(db, parent.Id, ct);
        var name = segments[^1];
        var path = storedParentPath == "/" ? "/" + name : storedParentPath + "/" + name;
        await EnsureFreeAsync(db, parent.Id, name, null, storedParentPath, ct);
        var collection = new Collection
        {
            Id = Guid.NewGuid().ToString("N"), ParentId = parent.Id, Name = name, NormalizedName = Names.Normalize(name),
            CreatedAt = clock.UtcNowStored(),
        };
        db.Collections.Add(collection);
        await db.SaveChangesAsync(ct);
        return CollectionDto.From(collection, path);
    }

    /// <summary>
    /// Renames and/or moves a collection with its subtree (grants stay on their collections and so move along).
    /// Moves are serialized with other structural changes so two concurrent moves cannot build a cycle. A move that
    /// would put the deepest collection of the subtree below depth 16 is a 400 on <c>parent</c>.
    /// </summary>
    public async Task<CollectionDto> UpdateAsync(string id, UpdateCollectionRequest request, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("change collections");
        var v = new Validator();
        if (request.Name is null && request.Parent is null) v.Add("name", "Send a new name, a new parent path, or both.");
        if (request.Name is not null) v.Check("name", Names.ValidateCollection(request.Name));
        if (request.Parent is not null && CollectionTree.Segments(request.Parent) is null) v.Add("parent", PathMessage("parent"));
        v.ThrowIfInvalid();

        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await CollectionTree.LockTreeAsync(db, ct);
        var c = await FindAsync(db.Collections, id, ct);
        var path = await CollectionTree.PathAsync(db, c.Id, ct);
        ETags.Check(ifMatch, c.Version, $"Collection '{path}'");
        if (c.BuiltIn || BuiltInCollections.IsBuiltIn(c.Id))
            throw new ConflictException($"'{path}' is a built-in collection: built-in collections cannot be renamed, moved or deleted.");

        var parentId = c.ParentId!;
        if (request.Parent is not null)
        {
            var parent = await CollectionTree.FindByPathAsync(db.Collections.AsNoTracking(), request.Parent, ct)
                         ?? throw new ValidationException("parent", $"There is no collection at '{request.Parent}' to move into.");
            if (parent.Id != c.ParentId)
            {
                if (await CollectionTree.IsSelfOrDescendantAsync(db, parent.Id, c.Id, ct))
                    throw new ConflictException(
                        $"Moving '{path}' under '{request.Parent}' would make a cycle: a collection cannot be moved under itself or one of its descendants.");
                var parentDepth = CollectionTree.Depth(await CollectionTree.PathAsync(db, parent.Id, ct));
                var height = (await CollectionTree.LevelsAsync(db, c.Id, ct)).Count - 1;
                if (parentDepth + 1 + height > Names.MaxCollectionDepth)
                    throw new ValidationException("parent",
                        $"Collections nest at most {Names.MaxCollectionDepth} levels deep: '{path}' and its subtree ({height + 1} levels) do not fit under '{request.Parent}' (depth {parentDepth}).");
                parentId = parent.Id;
            }
        }
        var name = request.Name ?? c.Name;
        if (parentId != c.ParentId || Names.Normalize(name) != c.NormalizedName)
            await EnsureFreeAsync(db, parentId, name, c.Id, await CollectionTree.PathAsync(db, parentId, ct), ct);
        db.Action = parentId != c.ParentId ? "collection.move" : "collection.rename";
        c.ParentId = parentId;
        c.Name = name;
        c.NormalizedName = Names.Normalize(name);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CollectionDto.From(c, await CollectionTree.PathAsync(db, c.Id, ct));
    }

    /// <summary>
    /// Without <paramref name="cascade"/> a collection with children or grants is refused (409, counting them). With it, the
    /// whole subtree and every grant on it are deleted in one transaction; each removed row is audited.
    /// </summary>
    public async Task DeleteAsync(string id, bool cascade, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("delete collections");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "collection.delete";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await CollectionTree.LockTreeAsync(db, ct);
        var c = await FindAsync(db.Collections, id, ct);
        var path = await CollectionTree.PathAsync(db, c.Id, ct);
        ETags.Check(ifMatch, c.Version, $"Collection '{path}'");
        if (c.BuiltIn || BuiltInCollections.IsBuiltIn(c.Id))
            throw new ConflictException($"'{path}' is a built-in collection: built-in collections cannot be renamed, moved or deleted.");
        if (!cascade)
        {
            var children = await db.Collections.CountAsync(x => x.ParentId == c.Id, ct);
            var grants = await db.Grants.CountAsync(g => g.CollectionId == c.Id, ct);
            if (children > 0 || grants > 0)
                throw new ConflictException(
                    $"The collection '{path}' has {children} child collection(s) and {grants} grant(s). Nothing was deleted: " +
                    "delete or move them first, or pass cascade=true to delete the whole subtree with its grants.");
            db.Collections.Remove(c);
        }
        else
        {
            var ids = (await CollectionTree.LevelsAsync(db, c.Id, ct)).SelectMany(l => l).ToList();
            // Loaded, not ExecuteDelete'd, so that the audit log records every removed row.
            db.Grants.RemoveRange(await db.Grants.Where(g => g.CollectionId != null && ids.Contains(g.CollectionId)).ToListAsync(ct));
            db.Collections.RemoveRange(await db.Collections.Where(x => ids.Contains(x.Id)).ToListAsync(ct));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task EnsureFreeAsync(AccessControlDbContext db, string parentId, string name, string? exceptId, string parentPath, CancellationToken ct)
    {
        var normalized = Names.Normalize(name);
        var taken = await db.Collections.AsNoTracking()
            .Where(x => x.ParentId == parentId && x.NormalizedName == normalized && x.Id != exceptId)
            .Select(x => x.Name).FirstOrDefaultAsync(ct);
        if (taken is not null)
            throw new ConflictException(
                $"'{parentPath}' already has a collection named '{taken}' (sibling names are compared without case). Choose another name.");
    }

    internal static async Task<Collection> FindAsync(IQueryable<Collection> collections, string id, CancellationToken ct) =>
        await collections.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException($"There is no collection with id '{id}'.");

    private static string PathMessage(string field) =>
        $"The {field} must be a collection path such as /prod/api: starting with '/', names separated by single '/'.";
}
