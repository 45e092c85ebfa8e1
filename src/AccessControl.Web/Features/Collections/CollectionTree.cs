using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Collections;

/// <summary>
/// The collection tree as the database holds it right now: path lookups, paths of ids, subtrees. Writes validate
/// against these rather than the snapshot, so a snapshot a moment behind cannot let a bad change through.
/// </summary>
public static class CollectionTree
{
    /// <summary>The names along a path ("/" → none); null when the text is not a path ("", "x", "/a//b").</summary>
    public static string[]? Segments(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/')) return null;
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        if (trimmed == "/") return [];
        var segments = trimmed[1..].Split('/');
        return segments.Any(s => s.Length == 0) ? null : segments;
    }

    /// <summary>The collection at a path, compared without case; null when a segment does not exist.</summary>
    public static async Task<Collection?> FindByPathAsync(IQueryable<Collection> collections, string path, CancellationToken ct)
    {
        var segments = Segments(path);
        if (segments is null) return null;
        var current = await collections.FirstOrDefaultAsync(c => c.Id == BuiltInCollections.Root, ct);
        foreach (var segment in segments)
        {
            if (current is null) return null;
            var parentId = current.Id;
            var normalized = Names.Normalize(segment);
            current = await collections.FirstOrDefaultAsync(c => c.ParentId == parentId && c.NormalizedName == normalized, ct);
        }
        return current;
    }

    /// <summary>The stored-case paths of the given collections (ids that do not exist are left out).</summary>
    public static async Task<Dictionary<string, string>> PathsAsync(AccessControlDbContext db, IEnumerable<string> ids, CancellationToken ct)
    {
        var rows = new Dictionary<string, (string? ParentId, string Name)>(StringComparer.Ordinal);
        var wanted = ids.Distinct().ToList();
        var missing = wanted;
        for (var round = 0; missing.Count > 0 && round <= Names.MaxCollectionDepth + 1; round++)
        {
            var ask = missing;
            var found = await db.Collections.AsNoTracking().Where(c => ask.Contains(c.Id))
                .Select(c => new { c.Id, c.ParentId, c.Name }).ToListAsync(ct);
            foreach (var f in found) rows[f.Id] = (f.ParentId, f.Name);
            missing = found.Where(f => f.ParentId is not null && !rows.ContainsKey(f.ParentId)).Select(f => f.ParentId!).Distinct().ToList();
        }
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in wanted)
            if (PathOf(id, rows, paths) is { } p) paths[id] = p;
        return paths;
    }

    public static async Task<string> PathAsync(AccessControlDbContext db, string id, CancellationToken ct) =>
        (await PathsAsync(db, [id], ct)).GetValueOrDefault(id) ?? "/";

    private static string? PathOf(string id, Dictionary<string, (string? ParentId, string Name)> rows, Dictionary<string, string> memo)
    {
        if (memo.TryGetValue(id, out var known)) return known;
        if (!rows.TryGetValue(id, out var row)) return null;
        if (row.ParentId is null) return memo[id] = "/";
        var parent = PathOf(row.ParentId, rows, memo);
        if (parent is null) return null;
        return memo[id] = parent == "/" ? "/" + row.Name : parent + "/" + row.Name;
    }

    /// <summary>A collection's depth: the number of names in its path ("/" is 0, "/Shared" is 1).</summary>
    public static int Depth(string path) => Segments(path)?.Length ?? 0;

    /// <summary>The subtree below a collection, level by level: [[id], [its children], [grandchildren], ...].</summary>
    public static async Task<List<List<string>>> LevelsAsync(AccessControlDbContext db, string id, CancellationToken ct)
    {
        var levels = new List<List<string>> { new() { id } };
        for (var round = 0; round <= 64; round++)
        {
            var parents = levels[^1];
            var next = await db.Collections.AsNoTracking().Where(c => c.ParentId != null && parents.Contains(c.ParentId))
                .Select(c => c.Id).ToListAsync(ct);
            if (next.Count == 0) break;
            levels.Add(next);
        }
        return levels;
    }

    /// <summary>Whether <paramref name="candidateId"/> is <paramref name="ancestorId"/> or lies below it, by walking up from the candidate.</summary>
    public static async Task<bool> IsSelfOrDescendantAsync(AccessControlDbContext db, string candidateId, string ancestorId, CancellationToken ct)
    {
        string? current = candidateId;
        for (var round = 0; current is not null && round <= 64; round++)
        {
            if (current == ancestorId) return true;
            var id = current;
            current = await db.Collections.AsNoTracking().Where(c => c.Id == id).Select(c => c.ParentId).FirstOrDefaultAsync(ct);
        }
        return false;
    }

    /// <summary>
    /// Serializes structural changes (moves, cascaded deletes) across requests: on PostgreSQL a transaction-scoped
    /// advisory lock; SQLite's write transaction already excludes other writers. Call inside a transaction.
    /// </summary>
    public static async Task LockTreeAsync(AccessControlDbContext db, CancellationToken ct)
    {
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(727001)", ct);
    }
}
