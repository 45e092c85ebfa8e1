using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.History;

/// <summary>
/// Stores the history checkpoints that are due (<see cref="HistoryCheckpoints"/>) every <c>History:CheckpointWriterSeconds</c>
/// (60 by default; 0 turns it off): from the last stored one, it replays the settled part of the audit log and stores
/// the state at each multiple of <see cref="HistoryCheckpoints.StoreEvery"/> it passes. Several instances may run it:
/// a checkpoint stored twice is kept once.
/// </summary>
public sealed class HistoryCheckpointWriter(
    IDbContextFactory<AccessControlDbContext> dbs, HistoryCheckpoints checkpoints, IConfiguration config, TimeProvider clock, ILogger<HistoryCheckpointWriter> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var period = config.GetValue("History:CheckpointWriterSeconds", 60.0);
        if (period <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(period), clock);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                await WriteDueAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Storing history checkpoints failed; retrying in {Seconds} s.", period);
            }
        }
    }

    /// <summary>Stores what is due now; returns how many checkpoints were stored.</summary>
    public async Task<int> WriteDueAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var settled = await AccessModelHistory.LastEntryAtAsync(db, now - checkpoints.Settle, ct);
        var stored = await HistoryCheckpointStore.WriteDueAsync(db, checkpoints.StoreEvery, settled, now, ct);
        if (stored > 0) log.LogInformation("Stored {Count} history checkpoint(s) up to audit entry {Entry}.", stored, settled);
        return stored;
    }
}
