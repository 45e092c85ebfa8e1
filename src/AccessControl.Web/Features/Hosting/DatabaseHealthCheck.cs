using AccessControl.Data;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccessControl.Web.Features.Hosting;

/// <summary>Ready when the database answers and the decision snapshot is loaded.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<AccessControlDbContext> dbs, AccessSnapshot snapshot) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database does not answer.");
            _ = snapshot.Current;
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database or the decision snapshot is not ready.");
        }
    }
}
