using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Provisioning;

/// <summary>
/// The last requests of each connection, for its status page. Written with plain SQL, not SaveChanges: a log of
/// requests is not a change of the model (no audit entry, no snapshot rebuild). Pruned to the last <see cref="Keep"/>.
/// </summary>
public sealed class ProvisioningRequestLog(IDbContextFactory<AccessControlDbContext> dbs, TimeProvider clock, ILogger<ProvisioningRequestLog> log)
{
    public const int Keep = 200;
    /// <summary>Prune every this many requests of a connection (so the log holds at most Keep + PruneEvery - 1 rows).</summary>
    public const int PruneEvery = 16;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> recorded = new();

    public async Task RecordAsync(Guid connection, string method, string path, int status, int durationMs)
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync();
            object id = db.Database.IsSqlite() ? connection.ToString().ToUpperInvariant() : connection;
            var at = clock.GetUtcNow().UtcDateTime;
            if (path.Length > 512) path = path[..512];
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"ProvisioningRequests\" (\"ConnectionId\", \"Method\", \"Path\", \"Status\", \"At\", \"DurationMs\") VALUES ({0}, {1}, {2}, {3}, {4}, {5})",
                id, method, path, status, at, durationMs);
            if (recorded.AddOrUpdate(connection, 1, (_, n) => n + 1) % PruneEvery != 0) return;
            var cutoff = await db.ProvisioningRequests.Where(r => r.ConnectionId == connection).OrderByDescending(r => r.Id)
                .Skip(Keep).Select(r => r.Id).FirstOrDefaultAsync();
            if (cutoff > 0) await db.ProvisioningRequests.Where(r => r.ConnectionId == connection && r.Id <= cutoff).ExecuteDeleteAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The log is for the status page; losing an entry must not fail the provisioning request.
            log.LogWarning(e, "Could not record a SCIM request of connection {Connection}", connection);
        }
    }
}
