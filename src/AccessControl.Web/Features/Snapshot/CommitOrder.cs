namespace AccessControl.Web.Features.Snapshot;

/// <summary>
/// Hands this instance's commits to the snapshot in model-version order. The version row's lock orders the commits, but
/// the committers' continuations run in whatever order the thread pool picks; a commit that reaches the snapshot before
/// its predecessor cannot use the rows it wrote (there is a gap below it), and its update round reads them back from the
/// database instead, one round at a time for every writer. So a commit whose predecessor was counted here and has not
/// been handed over yet waits for it, briefly: <see cref="Patience"/> bounds the wait (a predecessor whose commit failed
/// never comes), after which it goes ahead as before. Predecessors counted by another instance are not waited for.
/// </summary>
public sealed class CommitOrder
{
    public static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(200);

    private readonly Lock sync = new();
    private readonly HashSet<long> counted = [];
    private readonly Dictionary<long, TaskCompletionSource> waiting = [];

    /// <summary>This instance counted <paramref name="version"/> in a transaction that is about to commit.</summary>
    public void Counted(long version)
    {
        lock (sync) counted.Add(version);
    }

    /// <summary>Completes when the predecessor of <paramref name="version"/> has been handed over, was not counted here,
    /// or after <see cref="Patience"/>.</summary>
    public Task TurnAsync(long version)
    {
        TaskCompletionSource turn;
        lock (sync)
        {
            if (!counted.Contains(version - 1)) return Task.CompletedTask;
            if (!waiting.TryGetValue(version - 1, out turn!))
                waiting[version - 1] = turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return WaitAsync(version - 1, turn);
    }

    private async Task WaitAsync(long predecessor, TaskCompletionSource turn)
    {
        try
        {
            await turn.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            // Go ahead: the snapshot reads the rows back, as it does for any gap.
            lock (sync)
                if (waiting.TryGetValue(predecessor, out var t) && t == turn) waiting.Remove(predecessor);
        }
    }

    /// <summary><paramref name="version"/> was handed to the snapshot (or its commit failed): its successor may go.</summary>
    public void Done(long version)
    {
        TaskCompletionSource? next;
        lock (sync)
        {
            counted.Remove(version);
            waiting.Remove(version, out next);
        }
        next?.TrySetResult();
    }
}
