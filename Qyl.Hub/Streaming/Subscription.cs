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

    public void MarkRemoved() => Volatile.Write(ref _removed, true);

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
