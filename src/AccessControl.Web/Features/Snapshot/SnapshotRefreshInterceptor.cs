using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AccessControl.Web.Features.Snapshot;

/// <summary>
/// Refreshes the access snapshot after each committed change: after SaveChanges outside an explicit transaction,
/// or when an explicit transaction in which changes were saved commits. Registered on every context, so no write
/// path can forget it; transactions without saved changes (migrations, reads) do not trigger a rebuild.
/// </summary>
public sealed class SnapshotRefreshInterceptor(AccessSnapshot snapshot) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> savedInTransaction = new();

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (AfterSave(eventData.Context, result)) await snapshot.RefreshAsync(CancellationToken.None);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (AfterSave(eventData.Context, result)) snapshot.RefreshAsync().GetAwaiter().GetResult();
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        if (AfterCommit(eventData.Context)) await snapshot.RefreshAsync(CancellationToken.None);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (AfterCommit(eventData.Context)) snapshot.RefreshAsync().GetAwaiter().GetResult();
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) savedInTransaction.Remove(context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    /// <summary>True when the save is committed already (no explicit transaction); else remembers it for the commit.</summary>
    private bool AfterSave(DbContext? context, int rows)
    {
        if (context is null || rows == 0) return false;
        if (context.Database.CurrentTransaction is null) return true;
        savedInTransaction.AddOrUpdate(context, true);
        return false;
    }

    private bool AfterCommit(DbContext? context) => context is not null && savedInTransaction.Remove(context);
}
