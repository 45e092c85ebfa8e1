using System.Collections.Concurrent;
using AccessControl.Data;
using AccessControl.Web.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AccessControl.Web.Features.Provisioning;

/// <summary>The connection a valid token belongs to, as /scim/v2 needs it on every request.</summary>
public sealed record ProvisioningCaller(Guid Id, string Name, Guid OrganizationId);

/// <summary>
/// Token hash → connection, so that a SCIM request does not look its token up in the database each time. Only valid
/// tokens are kept. Every change of a connection (disable, rename, rotate, revoke) empties the cache at once: on this
/// instance when it commits, on the others through a PostgreSQL NOTIFY sent in the same transaction (delivered only if
/// it commits). On PostgreSQL the cache is used only while this instance is listening; when the listening connection
/// drops, lookups go to the database until it is back, and the cache starts empty again. A lookup that raced with a
/// change does not keep its (possibly stale) result. Entries also expire after <see cref="Lifetime"/>, so even a change
/// written to the database by hand is picked up within that time.
/// </summary>
public sealed class ProvisioningTokenCache(DatabaseOptions options, TimeProvider clock, ILogger<ProvisioningTokenCache> log) : BackgroundService
{
    public const string Channel = "accesscontrol_provisioning";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ProvisioningCaller Caller, DateTimeOffset Until)> entries = new(StringComparer.Ordinal);
    private long generation;
    // SQLite is one instance: its own invalidations are all there are. PostgreSQL: only while listening.
    private volatile bool listening = options.IsSqlite;

    /// <summary>True while cached entries are trusted (for tests and the logs).</summary>
    public bool Active => listening;

    /// <summary>The connection of a valid token: from the cache, else from <paramref name="load"/> (null: no valid token).</summary>
    public async Task<ProvisioningCaller?> GetAsync(string tokenHash, Func<Task<ProvisioningCaller?>> load)
    {
        var now = clock.GetUtcNow();
        if (listening && entries.TryGetValue(tokenHash, out var hit) && hit.Until > now) return hit.Caller;
        var before = Interlocked.Read(ref generation);
        var caller = await load();
        if (caller is not null && listening)
        {
            entries[tokenHash] = (caller, now + Lifetime);
            // A change committed while we read may have made what we read stale: drop it (Invalidate counts, then clears).
            if (Interlocked.Read(ref generation) != before) entries.TryRemove(tokenHash, out _);
        }
        return caller;
    }

    /// <summary>Forgets every cached token on this instance.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    /// <summary>
    /// Saves a change of a connection so that no instance keeps using what it cached: on PostgreSQL the NOTIFY to the
    /// other instances commits with the change; this instance forgets its cache after the commit.
    /// </summary>
    public async Task SaveChangesAsync(AccessControlDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, '')", [Channel], ct);
            await tx.CommitAsync(ct);
        }
        else await db.SaveChangesAsync(ct);
        Invalidate();
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (options.IsSqlite) return;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(options.ConnectionString);
                await connection.OpenAsync(stopping);
                connection.Notification += (_, _) => Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                // Whatever changed while nobody listened: start from nothing.
                Invalidate();
                listening = true;
                // A connection that died without a word would leave the cache trusted: ask it something now and then.
                while (!stopping.IsCancellationRequested)
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(10), stopping))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stopping);
                    }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                listening = false;
                Invalidate();
                log.LogWarning(e, "Listening for provisioning connection changes failed; tokens are looked up in the database until it is back");
                try { await Task.Delay(TimeSpan.FromSeconds(1), stopping); } catch (OperationCanceledException) { return; }
            }
            finally
            {
                listening = options.IsSqlite;
            }
        }
    }
}
