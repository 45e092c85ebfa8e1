using System.Globalization;
using AccessControl.Core.Engine;
using AccessControl.Data;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.History;

/// <summary>
/// The decision engine as of a past instant (<c>?asOf=</c>), rebuilt from the audit log. Without an instant, or for an
/// instant after the last change, it is the current snapshot. Replay starts from the nearest checkpoint at or before
/// the instant (<see cref="HistoryCheckpoints"/>), so a question about last year replays only the entries since the
/// checkpoint before it. Rebuilt engines are kept for a few recent instants (a singleton: the cache belongs to the
/// app's database).
/// </summary>
public sealed class HistoryService(IDbContextFactory<AccessControlDbContext> dbs, AccessSnapshot snapshot, TimeProvider clock, HistoryCheckpoints checkpoints)
{
    private const int CacheSize = 8;
    private readonly Lock gate = new();
    private readonly LinkedList<(long Entry, AccessEngine Engine)> cache = new();

    public async Task<AccessEngine> EngineAsync(string? asOf, CancellationToken ct) => (await AtAsync(asOf, ct)).Engine;

    /// <summary>The engine as of <paramref name="asOf"/> with the instant it answers for (now when none is given).</summary>
    public async Task<(AccessEngine Engine, DateTime Instant)> AtAsync(string? asOf, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (string.IsNullOrWhiteSpace(asOf)) return (snapshot.Current, now);
        var instant = ParseInstant(asOf);
        if (instant >= now) return (snapshot.Current, instant);
        var entry = await EntryAtAsync(instant, ct);
        if (entry == 0)
            throw new ValidationException("asOf", $"Nothing was recorded at or before {asOf}: the history starts with the first change the database recorded.");
        return (await EngineAtEntryAsync(entry, ct), instant);
    }

    /// <summary>The last audit entry at or before the instant (0 when none).</summary>
    public async Task<long> EntryAtAsync(DateTime instant, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await AccessModelHistory.LastEntryAtAsync(db, instant, ct);
    }

    public async Task<AccessEngine> EngineAtEntryAsync(long entry, CancellationToken ct)
    {
        lock (gate)
        {
            var hit = cache.FirstOrDefault(c => c.Entry == entry);
            if (hit.Engine is not null) return hit.Engine;
        }
        var engine = AccessEngine.Build(await checkpoints.ModelAtAsync(entry, ct));
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

    /// <summary>An optional instant of a report (from, to, asOf): null when absent, a 400 naming the field when malformed.</summary>
    public static DateTime? ParseOptional(string? text, string field, Validator v)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var t))
            return t.UtcDateTime;
        v.Add(field, $"'{text}' is not an ISO 8601 instant such as 2026-01-31T12:00:00Z.");
        return null;
    }
}
