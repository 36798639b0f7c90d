using Microsoft.AspNetCore.SignalR;
using System.Threading.Channels;
using Qyl.Contracts;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The bounded queue between the fan-out and one client, and the single sender that drains it.
/// Enqueueing never waits: past <see cref="StreamingOptions.MaxBacklogSpansPerConnection"/> the
/// oldest batches are dropped for this client alone and a Dropped marker takes their place, so the
/// notice reaches the client before any later span of that subscription.
/// </summary>
/// <remarks>
/// Two ways to drain. SSE streams run <see cref="RunAsync"/> in their request (it also sends
/// heartbeats). Hub connections drain on demand: an idle connection gets a live batch written by the
/// caller directly, and only while that write (or a replay) is still in flight do later entries
/// queue; the same drain then sends them and ends when the queue is empty. An idle hub connection
/// therefore holds no task, timer or channel, and the common case costs no queue node and no
/// thread hop. Either way exactly one sender runs at a time, so everything leaves in queue order.
/// </remarks>
internal sealed partial class ConnectionOutbox : IDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<OutboxEntry> _entries = new();
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    // Capacity 1 with DropWrite: a wake-up signal that coalesces, never a queue. Only RunAsync (SSE) uses it.
    private readonly Channel<bool>? _signal;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IOutboxSink _sink;
    private readonly ISpanStore _store;
    private readonly RecentSpans _recent;
    private readonly HubMetrics _metrics;
    private readonly ILogger _logger;
    private readonly StreamingOptions _options;
    private int _backlogSpans;
    private bool _overflowLogged;
    // On-demand mode: true while one drain owns sending. Guarded by _lock. Invariant: entries are
    // queued only while it is true, so a drain that finds the queue empty can simply stop.
    private bool _sending;

    /// <param name="ownPump">True when the caller runs <see cref="RunAsync"/> (SSE); false drains on demand (hub).</param>
    public ConnectionOutbox(string connectionId, IOutboxSink sink, ISpanStore store, RecentSpans recent, HubMetrics metrics, StreamingOptions options, ILogger logger, bool ownPump)
    {
        if (ownPump)
        {
            _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        }
        ConnectionId = connectionId;
        _sink = sink;
        _store = store;
        _recent = recent;
        _metrics = metrics;
        _options = options;
        _logger = logger;
    }

    public string ConnectionId { get; }

    /// <summary>Spans queued and not yet taken by the pump (diagnostic; at most the configured bound).</summary>
    public int BacklogSpans => Volatile.Read(ref _backlogSpans);

    /// <summary>
    /// Adds a subscription and, when resuming, queues its replay ahead of any live batch: the caller
    /// joins the group only after this returns. Null when the key is already subscribed here
    /// (subscribing twice is idempotent and keeps the first cursor, so nothing is delivered twice).
    /// </summary>
    public Subscription? TryAdd(SpanFilter filter, long? resumeAfterSeq, out string key)
    {
        key = filter.CanonicalKey;
        Subscription subscription;
        lock (_lock)
        {
            if (_subscriptions.ContainsKey(key))
            {
                return null;
            }
            if (_subscriptions.Count >= _options.MaxSubscriptionsPerConnection)
            {
                throw new HubException($"A connection may hold at most {_options.MaxSubscriptionsPerConnection} subscriptions (Qyl:Streaming:MaxSubscriptionsPerConnection); unsubscribe one first.");
            }
            subscription = new Subscription(key, filter.Normalize(), this, resumeAfterSeq);
            _subscriptions.Add(key, subscription);
            _metrics.SubscriptionAdded();
            if (resumeAfterSeq is null)
            {
                return subscription;
            }
            _entries.AddLast(OutboxEntry.Replay(subscription));
            if (!WakeLocked())
            {
                return subscription;
            }
        }
        // The replay reads the store: never on the caller's thread (a hub invocation).
        ThreadPool.UnsafeQueueUserWorkItem(static outbox => _ = outbox.DrainAsync(null, null, 0), this, preferLocal: false);
        return subscription;
    }

    public Subscription? Remove(string key)
    {
        lock (_lock)
        {
            if (!_subscriptions.Remove(key, out var subscription))
            {
                return null;
            }
            subscription.MarkRemoved();
            _metrics.SubscriptionRemoved();
            return subscription;
        }
    }

    public List<Subscription> RemoveAll()
    {
        lock (_lock)
        {
            var all = _subscriptions.Values.ToList();
            foreach (var subscription in all)
            {
                subscription.MarkRemoved();
            }
            _subscriptions.Clear();
            _entries.Clear();
            _backlogSpans = 0;
            if (all.Count > 0)
            {
                _metrics.SubscriptionRemoved(all.Count);
            }
            return all;
        }
    }

    /// <summary>
    /// Hands a live batch to this connection; called by the fan-out's flusher, so it must never wait.
    /// An idle hub connection gets the batch written right here; otherwise it queues behind what is in flight.
    /// </summary>
    public void EnqueueLive(Subscription subscription, SpanBatch batch, long acceptTimestamp)
    {
        lock (_lock)
        {
            if (subscription.Removed)
            {
                return;
            }
            if (_signal is null && !_sending)
            {
                _sending = true;
            }
            else
            {
                _entries.AddLast(OutboxEntry.Live(subscription, batch, acceptTimestamp));
                _backlogSpans += batch.Spans.Count;
                if (_backlogSpans > _options.MaxBacklogSpansPerConnection)
                {
                    DropOldest();
                }
                WakeLocked();
                return;
            }
        }
        // Runs synchronously up to the first write that has to wait (backpressure), which is the rare case.
        _ = DrainAsync(subscription, batch, acceptTimestamp);
    }

    private void DropOldest()
    {
        var dropped = 0;
        var node = _entries.First;
        while (node is not null && _backlogSpans > _options.MaxBacklogSpansPerConnection)
        {
            var next = node.Next;
            var entry = node.Value;
            if (entry.Kind == OutboxEntryKind.Spans)
            {
                var spans = entry.Batch!.Spans;
                _backlogSpans -= spans.Count;
                dropped += spans.Count;
                var subscription = entry.Subscription;
                if (!subscription.DroppedMarkerQueued)
                {
                    subscription.DroppedMarkerQueued = true;
                    subscription.DroppedFromSeq = spans[0].Seq;
                    subscription.DroppedCount = 0;
                    _entries.AddBefore(node, OutboxEntry.Dropped(subscription));
                }
                subscription.DroppedFromSeq = Math.Min(subscription.DroppedFromSeq, spans[0].Seq);
                subscription.DroppedToSeq = Math.Max(subscription.DroppedToSeq, spans[^1].Seq);
                subscription.DroppedCount += spans.Count;
                _entries.Remove(node);
            }
            node = next;
        }
        _metrics.Dropped(dropped);
        if (!_overflowLogged)
        {
            _overflowLogged = true;
            StreamingLog.FirstOverflow(_logger, ConnectionId, dropped, _options.MaxBacklogSpansPerConnection);
        }
    }

    /// <summary>Under the lock: wakes the SSE pump, or claims sending for a new on-demand drain (true: caller starts it).</summary>
    private bool WakeLocked()
    {
        if (_signal is not null)
        {
            _signal.Writer.TryWrite(true);
            return false;
        }
        if (_sending)
        {
            return false;
        }
        _sending = true;
        return true;
    }

    private OutboxEntry? TryDequeue(out DroppedNotice? notice)
    {
        notice = null;
        lock (_lock)
        {
            var node = _entries.First;
            if (node is null)
            {
                // On demand: the drain ends here; the next live batch starts a new one.
                _sending = false;
                return null;
            }
            _entries.RemoveFirst();
            var entry = node.Value;
            if (entry.Kind == OutboxEntryKind.Spans)
            {
                _backlogSpans -= entry.Batch!.Spans.Count;
            }
            else if (entry.Kind == OutboxEntryKind.Dropped)
            {
                var s = entry.Subscription;
                notice = new DroppedNotice { Key = s.Key, FromSeq = s.DroppedFromSeq, ToSeq = s.DroppedToSeq, Count = s.DroppedCount };
                s.DroppedMarkerQueued = false;
                s.DroppedToSeq = 0;
            }
            return entry;
        }
    }

    /// <summary>Stops the pump (disconnect).</summary>
    public void Dispose()
    {
        // Not disposed: the pump may still observe the token, and a CTS without timers holds nothing to free.
        _stopping.Cancel();
    }
}
