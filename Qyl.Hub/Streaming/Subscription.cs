using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// One filter on one connection (hub connection or SSE stream). Lives in the group of its key and
/// in its connection's outbox.
/// </summary>
internal sealed class Subscription(string key, SubscriptionKind kind, SpanFilter filter, ConnectionOutbox outbox, long? resumeAfterSeq)
{
    /// <summary>The subscription key, which is also its group's name: the canonical filter, <c>logs:</c> before it for logs.</summary>
    public string Key { get; } = key;

    public SubscriptionKind Kind { get; } = kind;

    public SpanFilter Filter { get; } = filter;

    public ConnectionOutbox Outbox { get; } = outbox;

    public long? ResumeAfterSeq { get; } = resumeAfterSeq;

    /// <summary>Set once when unsubscribed or disconnected; queued batches for it are then skipped.</summary>
    public bool Removed => Volatile.Read(ref _removed);

    private bool _removed;

    public void MarkRemoved()
    {
        Volatile.Write(ref _removed, true);
        // A replay waiting for a join that will not come reads nothing and ends (it checks Removed).
        _joined?.TrySetResult();
    }

    // Only a resuming subscription has a replay to hold back until it sits in its group.
    private readonly TaskCompletionSource? _joined =
        resumeAfterSeq is null ? null : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once the subscription sits in its group (or is gone). The replay reads the store only
    /// after that: a read before the join would miss what is published between the read and the join,
    /// which the group does not deliver to a member it does not yet have.
    /// </summary>
    public Task Joined => _joined?.Task ?? Task.CompletedTask;

    /// <summary>Called by the group table once the subscription is a member.</summary>
    public void MarkJoined() => _joined?.TrySetResult();

    /// <summary>
    /// The highest seq sent to the client. Only the outbox pump reads and writes it, so it needs no
    /// lock; it deduplicates live batches that overlap a replay.
    /// </summary>
    public long Watermark { get; set; } = resumeAfterSeq ?? long.MinValue;

    // Drops not yet reported, guarded by the outbox lock. A single Dropped marker waits in the
    // outbox at the position of the first dropped batch, so the notice precedes later spans.
    public long DroppedFromSeq { get; set; }

    public long DroppedToSeq { get; set; }

    public long DroppedCount { get; set; }

    public bool DroppedMarkerQueued { get; set; }
}
