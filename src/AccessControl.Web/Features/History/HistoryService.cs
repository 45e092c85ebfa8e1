using System.Globalization;
using AccessControl.Core.Engine;
using AccessControl.Data;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.History;

/// <summary>
/// The decision engine as of a past instant (<c>?asOf=</c>), rebuilt from the audit log. Without an instant, or for an
/// instant after the last change, it is the current snapshot. Rebuilt engines are kept for a few recent instants
/// (a singleton: the cache belongs to the app's database).
/// </summary>
public sealed class HistoryService(IDbContextFactory<AccessControlDbContext> dbs, AccessSnapshot snapshot, TimeProvider clock)
{
    private const int CacheSize = 8;
    private readonly Lock gate = new();
    private readonly LinkedList<(long Entry, AccessEngine Engine)> cache = new();

    public async Task<AccessEngine> EngineAsync(string? asOf, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(asOf)) return snapshot.Current;
        var instant = ParseInstant(asOf);
        if (instant >= clock.GetUtcNow().UtcDateTime) return snapshot.Current;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var entry = await AccessModelHistory.LastEntryAtAsync(db, instant, ct);
        if (entry == 0)
            throw new ValidationException("asOf", $"Nothing was recorded at or before {asOf}: the history starts with the first change the database recorded.");
        lock (gate)
        {
            var hit = cache.FirstOrDefault(c => c.Entry == entry);
            if (hit.Engine is not null) return hit.Engine;
        }
        var engine = AccessEngine.Build(await AccessModelHistory.LoadAsync(db, entry, ct));
        lock (gate)
        {
            cache.AddFirst((entry, engine));
            while (cache.Count > CacheSize) cache.RemoveLast();
        }
        return engine;
    }

    /// <summary>ISO 8601; an instant without an offset is taken as UTC.</summary>
    public static DateTime ParseInstant(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var t)
            ? t.UtcDateTime
            : throw new ValidationException("asOf", $"'{text}' is not an ISO 8601 instant such as 2026-01-31T12:00:00Z.");
}
