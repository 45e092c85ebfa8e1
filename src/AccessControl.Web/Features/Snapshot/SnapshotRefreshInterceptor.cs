using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AccessControl.Web.Features.Snapshot;

/// <summary>
/// Refreshes the access snapshot after each committed change: after SaveChanges outside an explicit transaction,
/// or when an explicit transaction commits. Registered on every context, so no write path can forget it.
/// </summary>
public sealed class SnapshotRefreshInterceptor(AccessSnapshot snapshot) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (result > 0 && eventData.Context?.Database.CurrentTransaction is null) await snapshot.RefreshAsync(CancellationToken.None);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (result > 0 && eventData.Context?.Database.CurrentTransaction is null) snapshot.RefreshAsync().GetAwaiter().GetResult();
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default) =>
        await snapshot.RefreshAsync(CancellationToken.None);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        snapshot.RefreshAsync().GetAwaiter().GetResult();
}
