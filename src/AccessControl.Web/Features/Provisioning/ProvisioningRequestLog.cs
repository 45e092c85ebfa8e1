using System.Threading.Channels;
using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Provisioning;

/// <summary>
/// The last requests of each connection, for its status page. Off the request path: <see cref="RecordAsync"/> queues the
/// entry and returns; one writer inserts what has queued up in one statement (a SCIM client that sends 200 requests a
/// second costs a few inserts a second, not 200 round trips). The queue is bounded (<see cref="Capacity"/>): when the
/// database falls that far behind, requests wait for room rather than lose entries. On a normal shutdown the writer
/// drains the queue before it stops; readers of the log call <see cref="FlushAsync"/> first, so a page shows every
/// request that finished before it was asked for. Written with plain SQL, not SaveChanges: a log of requests is not a
/// change of the model (no audit entry, no snapshot update). Pruned to the last <see cref="Keep"/> per connection.
/// </summary>
public sealed class ProvisioningRequestLog(IDbContextFactory<AccessControlDbContext> dbs, TimeProvider clock, ILogger<ProvisioningRequestLog> log)
    : IHostedService
{
    public const int Keep = 200;
    /// <summary>Prune a connection every this many of its requests (so the log holds at most Keep + PruneEvery - 1 rows of it).</summary>
    public const int PruneEvery = 16;
    /// <summary>Entries waiting to be written before a request has to wait for room.</summary>
    public const int Capacity = 10_000;
    /// <summary>Rows per INSERT (6 parameters each).</summary>
    private const int BatchSize = 500;

    private sealed record Entry(Guid Connection, string Method, string Path, int Status, DateTime At, int DurationMs);

    /// <summary>An entry, or a flush request (<see cref="Flushed"/> completes once everything queued before it is written).</summary>
    private sealed record Item(Entry? Entry, TaskCompletionSource? Flushed);

    private readonly Channel<Item> queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Dictionary<Guid, int> sincePrune = [];
    private Task? writer;

    public async Task RecordAsync(Guid connection, string method, string path, int status, int durationMs)
    {
        if (path.Length > 512) path = path[..512];
        var entry = new Entry(connection, method, path, status, clock.GetUtcNow().UtcDateTime, durationMs);
        try
        {
            await queue.Writer.WriteAsync(new Item(entry, null));
        }
        catch (ChannelClosedException)
        {
            // Shutting down (the server has stopped taking requests, so this is a straggler): write it directly.
            await WriteAsync([entry]);
        }
    }

    /// <summary>Completes when every entry recorded before the call is in the database (at once when not running).</summary>
    public Task FlushAsync(CancellationToken ct = default)
    {
        if (writer is null) return Task.CompletedTask;
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return queue.Writer.TryWrite(new Item(null, flushed)) ? flushed.Task.WaitAsync(ct) : writer.WaitAsync(ct);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        writer = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking entries and writes what is queued (the host's shutdown timeout bounds the wait).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        if (writer is not null) await writer.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var entries = new List<Entry>(BatchSize);
        var flushes = new List<TaskCompletionSource>();
        while (await queue.Reader.WaitToReadAsync())
        {
            while (entries.Count < BatchSize && queue.Reader.TryRead(out var item))
            {
                if (item.Entry is not null) entries.Add(item.Entry);
                else flushes.Add(item.Flushed!);
            }
            if (entries.Count > 0) await WriteAsync(entries);
            entries.Clear();
            foreach (var f in flushes) f.TrySetResult();
            flushes.Clear();
        }
    }

    /// <summary>One INSERT of the entries, then the pruning that is due. Errors are logged: the log is for the status page,
    /// and losing entries of it must neither fail provisioning nor stop the writer.</summary>
    private async Task WriteAsync(List<Entry> entries)
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync();
            var sqlite = db.Database.IsSqlite();
            var sql = new System.Text.StringBuilder(
                "INSERT INTO \"ProvisioningRequests\" (\"ConnectionId\", \"Method\", \"Path\", \"Status\", \"At\", \"DurationMs\") VALUES ");
            var parameters = new List<object>(entries.Count * 6);
            foreach (var e in entries)
            {
                var p = parameters.Count;
                sql.Append(p == 0 ? "" : ", ").Append($"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}}, {{{p + 5}}})");
                parameters.AddRange(sqlite ? e.Connection.ToString().ToUpperInvariant() : e.Connection, e.Method, e.Path, e.Status, e.At, e.DurationMs);
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters);
            foreach (var connection in Due(entries))
            {
                var cutoff = await db.ProvisioningRequests.Where(r => r.ConnectionId == connection).OrderByDescending(r => r.Id)
                    .Skip(Keep).Select(r => r.Id).FirstOrDefaultAsync();
                if (cutoff > 0) await db.ProvisioningRequests.Where(r => r.ConnectionId == connection && r.Id <= cutoff).ExecuteDeleteAsync();
            }
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not record {Count} SCIM requests in the connections' logs", entries.Count);
        }
    }

    /// <summary>The connections that reached <see cref="PruneEvery"/> entries since their last pruning.</summary>
    private List<Guid> Due(List<Entry> entries)
    {
        lock (sincePrune)
        {
            foreach (var e in entries) sincePrune[e.Connection] = sincePrune.GetValueOrDefault(e.Connection) + 1;
            var due = sincePrune.Where(x => x.Value >= PruneEvery).Select(x => x.Key).ToList();
            foreach (var c in due) sincePrune[c] = 0;
            return due;
        }
    }
}
