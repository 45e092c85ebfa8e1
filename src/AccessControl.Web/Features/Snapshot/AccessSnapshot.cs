using AccessControl.Core.Engine;
using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Snapshot;

/// <summary>
/// The current immutable decision engine. Rebuilt from the database after every committed change
/// (<see cref="SnapshotRefreshInterceptor"/>), so decisions never query the database and always see the last commit.
/// </summary>
public sealed class AccessSnapshot(IServiceScopeFactory scopes, ILogger<AccessSnapshot> log)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile AccessEngine? current;
    private long requested;
    private long built;

    public AccessEngine Current => current ?? throw new InvalidOperationException("The access snapshot has not been loaded yet.");

    /// <summary>Reloads the model; concurrent callers share one rebuild when they can (every caller returns after a
    /// rebuild that started after its call, so it sees its own commit).</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        var ticket = Interlocked.Increment(ref requested);
        await gate.WaitAsync(ct);
        try
        {
            if (Interlocked.Read(ref built) >= ticket) return;
            var upTo = Interlocked.Read(ref requested);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            var model = await AccessModelLoader.LoadAsync(db, CancellationToken.None);
            current = AccessEngine.Build(model);
            Interlocked.Exchange(ref built, upTo);
            log.LogDebug("Access snapshot rebuilt in {Ms} ms ({Users} users, {Grants} grants)",
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, model.Users.Length, model.Grants.Length);
        }
        finally
        {
            gate.Release();
        }
    }
}
