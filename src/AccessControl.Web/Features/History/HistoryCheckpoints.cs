using AccessControl.Core.Model;
using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.History;

/// <summary>
/// Replay states to start a question about the past from. In memory: the state after the first entry at or past each
/// multiple of <see cref="Interval"/>, taken as replay passes it (states share unchanged rows, so each costs memory only
/// for what changed since the one before). In the database (<see cref="HistoryCheckpointStore"/>): one at each multiple
/// of <see cref="StoreEvery"/>, written by <see cref="HistoryCheckpointWriter"/> in the background and by a replay that
/// passes one, so that after a restart a question about last year loads the nearest stored checkpoint and replays only
/// the entries after it (<see cref="ModelAtAsync"/>: its stored engine model and the entries as one delta; the rows only
/// for the model document and the timeline). The audit log is append-only, so a checkpoint never goes stale; one is stored only once its
/// entries are older than <see cref="Settle"/>, by when every transaction that took an id below it has committed.
/// </summary>
public sealed class HistoryCheckpoints(IDbContextFactory<AccessControlDbContext> dbs, IConfiguration config, TimeProvider clock, ILogger<HistoryCheckpoints> log)
{
    public const int Interval = 2_000;
    private readonly Lock gate = new();
    private readonly SortedList<long, ModelReplay> saved = new() { [0] = ModelReplay.Empty };
    private readonly LinkedList<(long Entry, AccessModel Model)> models = new();
    private const int ModelsKept = 4;
    private int loaded;

    /// <summary>Entries between stored checkpoints (<c>History:CheckpointEvery</c>).</summary>
    public long StoreEvery => Math.Max(1, config.GetValue("History:CheckpointEvery", 50_000L));

    /// <summary>How old an entry must be before a stored checkpoint includes it (<c>History:CheckpointSettleSeconds</c>).</summary>
    public TimeSpan Settle => TimeSpan.FromSeconds(config.GetValue("History:CheckpointSettleSeconds", 600.0));

    public int Count { get { lock (gate) return saved.Count; } }

    /// <summary>How many stored checkpoints this instance has read.</summary>
    public int Loaded => Volatile.Read(ref loaded);

    /// <summary>How many entries the last replay applied.</summary>
    public long LastReplayed { get; private set; }

    /// <summary>
    /// The engine's model after audit entry <paramref name="entry"/>, the fast way: the nearest stored checkpoint's
    /// model (read directly, no row parsed; the last few kept in memory) brought forward by the entries after it as one
    /// <see cref="ModelDelta"/>, parsing only those. Without a stored checkpoint at or before the entry, from the rows.
    /// </summary>
    public async Task<AccessModel> ModelAtAsync(long entry, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stored = await HistoryCheckpointStore.NearestAsync(db, entry, ct);
        var rows = Nearest(entry);
        if (stored == 0 || rows.Entry > stored) return (await ReplayToAsync(entry, ct)).ToModel();
        var model = KeptModel(stored);
        if (model is null)
        {
            model = await HistoryCheckpointStore.LoadModelAsync(db, stored, ct);
            Interlocked.Increment(ref loaded);
            lock (gate)
            {
                models.AddFirst((stored, model));
                while (models.Count > ModelsKept) models.RemoveLast();
            }
        }
        var delta = new ModelDeltaReader();
        long replayed = 0;
        await foreach (var e in AccessModelHistory.EntriesAsync(db, stored, entry).WithCancellation(ct))
        {
            delta.Add(e);
            replayed++;
        }
        LastReplayed = replayed;
        return model.Apply(delta.ToDelta());
    }

    private AccessModel? KeptModel(long entry)
    {
        lock (gate) return models.FirstOrDefault(m => m.Entry == entry).Model;
    }

    /// <summary>The model rows after audit entry <paramref name="entry"/>.</summary>
    public async Task<ModelReplay> ReplayToAsync(long entry, CancellationToken ct)
    {
        var from = Nearest(entry);
        LastReplayed = 0;
        if (from.Entry == entry) return from;
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await HistoryCheckpointStore.NearestAsync(db, entry, ct) is var stored && stored > from.Entry)
        {
            from = await HistoryCheckpointStore.LoadAsync(db, stored, ct);
            Interlocked.Increment(ref loaded);
            Save(from);
            if (from.Entry == entry) return from;
        }
        var state = from.Resume();
        var previous = state.Entry;
        var settled = clock.GetUtcNow().UtcDateTime - Settle;
        var due = new List<ModelReplay>();
        long replayed = 0;
        await state.ReplayAsync(db, entry, s =>
        {
            replayed++;
            var keep = HistoryCheckpointStore.IsDue(previous, s.Entry, Interval);
            var store = HistoryCheckpointStore.IsDue(previous, s.Entry, StoreEvery) && s.At <= settled;
            if (keep || store)
            {
                var frozen = s.Freeze();
                if (keep) Save(frozen);
                if (store) due.Add(frozen);
            }
            previous = s.Entry;
        }, ct);
        LastReplayed = replayed;
        if (due.Count > 0) _ = StoreAsync(due); // the answer does not wait for it
        return state.Freeze();
    }

    private async Task StoreAsync(List<ModelReplay> due)
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync();
            foreach (var checkpoint in due) await HistoryCheckpointStore.SaveAsync(db, checkpoint, clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Storing a history checkpoint failed; the background writer will store it later.");
        }
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
