using AccessControl.Web.Features.Hosting;
using Npgsql;

namespace AccessControl.Web.Features.Snapshot;

/// <summary>
/// On PostgreSQL: LISTENs for the model changes other instances commit and applies them to this instance's snapshot,
/// and every <c>Snapshot:ConsistencyCheckSeconds</c> (default 1) compares the snapshot with the database's change
/// counter, so that a notification lost (or a connection dropped) is repaired by a full reload.
/// </summary>
public sealed class ModelChangeListener(AccessSnapshot snapshot, ModelChangeNotifier notifier, DatabaseOptions options,
    IConfiguration config, ILogger<ModelChangeListener> log) : BackgroundService
{
    private TimeSpan Interval => TimeSpan.FromSeconds(config.GetValue("Snapshot:ConsistencyCheckSeconds", 1.0));

    protected override Task ExecuteAsync(CancellationToken stopping) =>
        // Two independent loops: the consistency check must run on time even when the listening connection is quiet,
        // stuck or reconnecting (Npgsql's WaitAsync with a timeout was seen to return only at the next notification).
        Task.WhenAll(ListenAsync(stopping), CheckAsync(stopping));

    private async Task ListenAsync(CancellationToken stopping)
    {
        var reconnecting = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(options.ConnectionString);
                await connection.OpenAsync(stopping);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ModelChangeNotifier.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                // Whatever was committed while nobody listened is caught up now.
                if (reconnecting) await snapshot.RefreshAsync(stopping);
                reconnecting = false;
                while (!stopping.IsCancellationRequested) await connection.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Listening for model changes failed; reconnecting");
                reconnecting = true;
                try { await Task.Delay(TimeSpan.FromSeconds(1), stopping); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task CheckAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await snapshot.CheckConsistencyAsync(stopping);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    log.LogWarning(e, "The snapshot's consistency check failed; trying again in {Interval}", Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void OnNotification(string payload)
    {
        if (ModelChangeNotifier.Parse(payload) is not { } n)
        {
            log.LogWarning("Ignoring a malformed model-change notification");
            return;
        }
        if (n.Instance == notifier.InstanceId) return; // applied when it committed
        _ = Apply(n.Version, n.Keys);
    }

    private async Task Apply(long version, Data.ModelChangeKeys? keys)
    {
        try
        {
            await snapshot.ApplyAsync(version, keys);
        }
        catch (Exception e)
        {
            log.LogError(e, "Applying model change {Version} failed; the consistency check will reload", version);
        }
    }
}
