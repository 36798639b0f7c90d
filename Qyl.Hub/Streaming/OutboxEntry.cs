using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

internal enum OutboxEntryKind
{
    Spans,
    Replay,
    Dropped,
}

/// <summary>One item in a connection's outbox; only <see cref="OutboxEntryKind.Spans"/> counts toward the bound.</summary>
internal sealed record OutboxEntry(OutboxEntryKind Kind, Subscription Subscription, SpanBatch? Batch, long AcceptTimestamp)
{
    public static OutboxEntry Live(Subscription subscription, SpanBatch batch, long acceptTimestamp) =>
        new(OutboxEntryKind.Spans, subscription, batch, acceptTimestamp);

    public static OutboxEntry Replay(Subscription subscription) => new(OutboxEntryKind.Replay, subscription, null, 0);

    public static OutboxEntry Dropped(Subscription subscription) => new(OutboxEntryKind.Dropped, subscription, null, 0);
}
