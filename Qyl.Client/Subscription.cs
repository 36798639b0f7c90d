using System.Threading.Channels;
using Qyl.Contracts;

namespace Qyl.Client;

/// <summary>What flows from the SignalR callbacks to the consumer: a span or log record, or a notice of records it will not get live.</summary>
internal readonly record struct SubscriptionItem(SpanRecord? Span, DroppedNotice? Notice, LogRecord? Log = null);

/// <summary>
/// One subscription of a <see cref="QylClient"/>: its filter, its key, its de-duplication ledger
/// (whose last seq is the resume cursor after a reconnect) and the bounded buffer to its consumer.
/// </summary>
internal sealed class Subscription
{
    private readonly Lock _lock = new();
    private readonly SeqLedger _ledger;

    public Subscription(SpanFilter filter, long? resumeAfterSeq, int capacity, bool logs = false)
    {
        Filter = filter.Normalize();
        IsLogs = logs;
        // A log subscription's key differs from the span one of the same filter, so a client can hold both.
        Key = logs ? TelemetryHubPaths.LogsKey(Filter) : Filter.CanonicalKey;
        _ledger = new SeqLedger(resumeAfterSeq);
        // Wait, not drop: a full buffer holds up the SignalR receive loop, which holds up the socket,
        // so the hub's per-client backlog fills and the hub drops for us with a Dropped notice
        // that we backfill from. Memory stays bounded on both ends and nothing is lost silently.
        Items = Channel.CreateBounded<SubscriptionItem>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public SpanFilter Filter { get; }

    /// <summary>True for a log-record subscription (<c>SubscribeLogs</c>), false for spans.</summary>
    public bool IsLogs { get; }

    public string Key { get; }

    public Channel<SubscriptionItem> Items { get; }

    /// <summary>The seq to resume after on (re)subscribe.</summary>
    public long? ResumeCursor
    {
        get
        {
            lock (_lock)
            {
                return _ledger.LastSeq;
            }
        }
    }

    public bool TryAcceptLive(long seq)
    {
        lock (_lock)
        {
            return _ledger.TryAcceptLive(seq);
        }
    }

    public bool TryAcceptBackfill(long seq)
    {
        lock (_lock)
        {
            return _ledger.TryAcceptBackfill(seq);
        }
    }
}
