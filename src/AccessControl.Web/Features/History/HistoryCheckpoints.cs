using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.History;

/// <summary>
/// Snapshots of the replayed model every <see cref="Interval"/> audit entries, taken as replay passes them. The audit log
/// is append-only, so a checkpoint never goes stale; checkpoints share unchanged rows (persistent dictionaries), so each
/// costs memory only for the rows changed since the one before. The first question about the past replays the log once
/// (and leaves checkpoints behind); later ones replay at most <see cref="Interval"/> entries.
/// </summary>
public sealed class HistoryCheckpoints(IDbContextFactory<AccessControlDbContext> dbs)
{
    public const int Interval = 2_000;
    private readonly Lock gate = new();
    private readonly SortedList<long, ModelReplay> saved = new() { [0] = ModelReplay.Empty };

    public int Count { get { lock (gate) return saved.Count; } }

    /// <summary>The model rows after audit entry <paramref name="entry"/>.</summary>
    public async Task<ModelReplay> ReplayToAsync(long entry, CancellationToken ct)
    {
        var from = Nearest(entry);
        if (from.Entry == entry) return from;
        var state = from.Resume();
        var since = 0;
        await using var db = await dbs.CreateDbContextAsync(ct);
        await state.ReplayAsync(db, entry, s =>
        {
            if (++since < Interval) return;
            since = 0;
            Save(s.Freeze());
        }, ct);
        return state.Freeze();
    }

    private ModelReplay Nearest(long entry)
    {
        lock (gate)
        {
            var keys = saved.Keys;
            int lo = 0, hi = keys.Count - 1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (keys[mid] <= entry) lo = mid; else hi = mid - 1;
            }
            return saved.Values[lo];
        }
    }

    private void Save(ModelReplay checkpoint)
    {
        lock (gate) saved.TryAdd(checkpoint.Entry, checkpoint);
    }
}
