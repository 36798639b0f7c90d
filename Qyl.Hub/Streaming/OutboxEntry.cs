namespace Qyl.Hub.Streaming;

internal enum OutboxEntryKind
{
    Live,
    Replay,
    Dropped,
}

/// <summary>One item in a connection's outbox; only <see cref="OutboxEntryKind.Live"/> counts toward the bound.</summary>
internal sealed record OutboxEntry(OutboxEntryKind Kind, Subscription Subscription, LiveBatch Batch)
{
    public static OutboxEntry Live(Subscription subscription, LiveBatch batch) => new(OutboxEntryKind.Live, subscription, batch);

    public static OutboxEntry Replay(Subscription subscription) => new(OutboxEntryKind.Replay, subscription, default);

    public static OutboxEntry Dropped(Subscription subscription) => new(OutboxEntryKind.Dropped, subscription, default);
}
