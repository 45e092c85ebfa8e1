using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Snapshot;

/// <summary>
/// The current immutable decision engine, kept up to date without querying the database per decision.
/// Each committed change arrives as (model version, keys of the rows it touched): from this instance's own commits
/// (<see cref="SnapshotRefreshInterceptor"/>) or, on PostgreSQL, from the other instances (<see cref="ModelChangeListener"/>).
/// One updater at a time reads just those rows again and applies them (<see cref="AccessEngine.Apply"/>); changes that
/// arrive while it works are coalesced into its next round. A committer waits for a round that started after its
/// commit, so its next request sees its change. Gaps in the versions (a notification that never came) are repaired by
/// <see cref="CheckConsistencyAsync"/> with a full reload.
/// </summary>
public sealed class AccessSnapshot(IServiceScopeFactory scopes, ILogger<AccessSnapshot> log)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock sync = new();
    private volatile AccessEngine? current;
    private ModelChangeKeys pending = new();
    private List<(long Version, ModelDelta Rows)> pendingRows = [];
    private bool pendingWithoutRows; // a pending change came as keys only (another instance, a save that failed in its transaction)
    private bool fullRequested;
    private readonly SortedSet<long> seenAbove = []; // versions above the watermark already received
    private long version;   // every change with a model version ≤ this is in the current engine
    private long suspect;   // the database's version at the last consistency check
    private long requested;
    private long built;

    public AccessEngine Current => current ?? throw new InvalidOperationException("The access snapshot has not been loaded yet.");

    /// <summary>The model version the snapshot is complete up to.</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>How long the last update took (incremental or full), for the logs and the benchmark.</summary>
    public TimeSpan LastUpdate { get; private set; }

    /// <summary>Reloads the whole model (start-up, repair). Returns after a reload that started after the call.</summary>
    public Task RefreshAsync(CancellationToken ct = default) => Enqueue(null, null, null, ct);

    /// <summary>
    /// A committed change: its model version, the keys of the rows it touched (null: unknown, reload everything) and,
    /// from this instance's own commits, the rows as written (null: read them again).
    /// The task completes when a round that started after this call has been applied.
    /// </summary>
    public Task ApplyAsync(long changeVersion, ModelChangeKeys? keys, ModelDelta? rows = null, CancellationToken ct = default) =>
        Enqueue(changeVersion, keys, rows, ct);

    private async Task Enqueue(long? changeVersion, ModelChangeKeys? keys, ModelDelta? rows, CancellationToken ct)
    {
        long ticket;
        lock (sync)
        {
            if (keys is null) fullRequested = true;
            else pending.UnionWith(keys);
            if (changeVersion is { } v && v > version)
            {
                seenAbove.Add(v);
                if (rows is not null) pendingRows.Add((v, rows));
                else pendingWithoutRows = true;
            }
            ticket = ++requested;
        }
        await gate.WaitAsync(ct);
        try
        {
            if (Interlocked.Read(ref built) >= ticket) return;
            long upTo;
            ModelChangeKeys take;
            ModelDelta? written = null;
            bool full;
            lock (sync)
            {
                upTo = requested;
                (take, pending) = (pending, new ModelChangeKeys());
                full = fullRequested || current is null;
                fullRequested = false;
                var taken = pendingRows;
                pendingRows = [];
                // The rows as written can stand in for reading them again only when they are every change after the
                // watermark, without a gap: then applying them in commit order gives the database's state at the last one.
                if (!full && !pendingWithoutRows && taken.Count > 0 && seenAbove.Count == taken.Count)
                {
                    taken.Sort((a, b) => a.Version.CompareTo(b.Version));
                    if (taken[0].Version == version + 1 && taken[^1].Version == version + taken.Count)
                        written = taken.Skip(1).Aggregate(taken[0].Rows, (all, next) => all.Then(next.Rows));
                }
                pendingWithoutRows = false;
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            if (full)
            {
                var (model, loaded) = await AccessModelLoader.LoadWithVersionAsync(db, CancellationToken.None);
                current = AccessEngine.Build(model);
                Advance(loaded);
            }
            else if (written is not null)
            {
                current = current!.Apply(written);
                Advance(0);
            }
            else if (!take.IsEmpty)
            {
                var delta = await AccessModelLoader.LoadDeltaAsync(db, take, CancellationToken.None);
                current = current!.Apply(delta);
                Advance(0);
            }
            else Advance(0);
            Interlocked.Exchange(ref built, upTo);
            LastUpdate = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            log.LogDebug("Access snapshot {Kind} in {Ms} ms ({Keys} keys), complete up to version {Version}",
                full ? "reloaded" : written is not null ? "updated from the rows written" : "updated", LastUpdate.TotalMilliseconds, take.Count, Version);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Moves the watermark past <paramref name="loaded"/> and every contiguous version received above it.</summary>
    private void Advance(long loaded)
    {
        lock (sync)
        {
            var v = Math.Max(version, loaded);
            seenAbove.RemoveWhere(x => x <= v);
            while (seenAbove.Remove(v + 1)) v++;
            Interlocked.Exchange(ref version, v);
        }
    }

    /// <summary>
    /// Compares the snapshot with the database's change counter. A version that was already committed at the previous
    /// check and is still missing means a lost notification (or a writer that does not notify): reload everything.
    /// Returns true when it reloaded.
    /// </summary>
    public async Task<bool> CheckConsistencyAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = await AccessModelLoader.ReadVersionAsync(db, ct);
        var stale = Version < suspect;
        suspect = now;
        if (!stale) return false;
        log.LogWarning("Access snapshot at version {Version} missed a change (database at {Now}); reloading", Version, now);
        await RefreshAsync(ct);
        return true;
    }
}
