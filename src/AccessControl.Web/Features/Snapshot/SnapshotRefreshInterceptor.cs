using System.Data.Common;
using System.Runtime.CompilerServices;
using AccessControl.Data;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AccessControl.Web.Features.Snapshot;

/// <summary>
/// Brings the access snapshot up to date after each commit that changed the model. Registered on every context, so no
/// write path can forget it. Every save runs in a transaction (<see cref="AccessControlDbContext"/> asks for one), so:
/// SavingChanges notes the keys and values of the model rows about to be written (cascaded dependents are tracked by then);
/// TransactionCommitting counts the change in the <see cref="ModelVersion"/> row and, on PostgreSQL, sends the keys to
/// the other instances with NOTIFY (delivered only if the transaction commits); TransactionCommitted applies them to
/// this instance's snapshot (with the rows as written, so that it need not read them again) and waits for it, so the
/// caller's next request sees its change.
/// </summary>
public sealed class SnapshotRefreshInterceptor(AccessSnapshot snapshot, ModelChangeNotifier notifier, CommitOrder order)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public ModelChangeKeys Keys { get; } = new();
        public CapturedRows Rows { get; } = new();
        /// <summary>False after a save failed inside the transaction: what it tried to write may not be what commits.</summary>
        public bool RowsReliable { get; set; } = true;
        public long Version { get; set; }
    }

    private readonly ConditionalWeakTable<DbContext, Pending> pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken ct = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    private void Note(DbContext? context)
    {
        if (context is null) return;
        Pending? p = null;
        foreach (var e in context.ChangeTracker.Entries())
            if (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                p ??= pending.GetOrCreateValue(context);
                if (p.Keys.Add(e)) p.Rows.Add(e);
            }
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken ct = default)
    {
        if (Changes(eventData.Context) is { } p)
        {
            p.Version = await notifier.CountAsync(transaction, p.Keys, ct);
            order.Counted(p.Version);
        }
        return result;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (Changes(eventData.Context) is { } p)
        {
            p.Version = notifier.CountAsync(transaction, p.Keys, default).GetAwaiter().GetResult();
            order.Counted(p.Version);
        }
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        if (Take(eventData.Context) is { } p) await HandOverAsync(p);
    }

    /// <summary>Gives the commit to the snapshot after its predecessor (<see cref="CommitOrder"/>), and waits for it to be applied.</summary>
    private async Task HandOverAsync(Pending p)
    {
        await order.TurnAsync(p.Version);
        Task applied;
        try
        {
            applied = snapshot.ApplyAsync(p.Version, p.Keys, p.RowsReliable ? p.Rows.ToDelta() : null, CancellationToken.None);
        }
        finally
        {
            order.Done(p.Version);
        }
        await applied;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (Take(eventData.Context) is { } p) HandOverAsync(p).GetAwaiter().GetResult();
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && pending.TryGetValue(context, out var p))
        {
            pending.Remove(context);
            if (p.Version > 0) order.Done(p.Version);
        }
    }

    /// <summary>A commit that failed after counting: its successor need not wait for it.</summary>
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (eventData.Context is { } context && pending.TryGetValue(context, out var p) && p.Version > 0) order.Done(p.Version);
    }

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken ct = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A failed save outside an explicit transaction rolled back; inside one, the commit or rollback decides, and the
    /// keys stay (reading a key again is always right) but not the rows it meant to write.
    /// </summary>
    private void Forget(DbContext? context)
    {
        if (context is null) return;
        if (context.Database.CurrentTransaction is null) pending.Remove(context);
        else if (pending.TryGetValue(context, out var p)) p.RowsReliable = false;
    }

    private Pending? Changes(DbContext? context) =>
        context is not null && pending.TryGetValue(context, out var p) && !p.Keys.IsEmpty ? p : null;

    private Pending? Take(DbContext? context) =>
        Changes(context) is { } p && pending.Remove(context!) ? p : null;
}
