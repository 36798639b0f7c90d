using Microsoft.AspNetCore.SignalR;
using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// What the fan-out sees of one connection: its subscriptions, its bounded <see cref="OutboxQueue"/>
/// and the rules for sending an entry (live batches above the watermark, replays, Dropped notices).
/// Two roles differ only in who sends: <see cref="HubConnectionOutbox"/> drains on demand (an idle
/// hub connection holds no task), <see cref="StreamOutbox"/> is pumped by its owner's request (SSE).
/// Either way one sender runs at a time, so everything leaves in queue order.
/// </summary>
internal abstract partial class ConnectionOutbox : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ReplaySources _sources;
    private readonly StreamingOptions _options;

    protected ConnectionOutbox(string connectionId, IOutboxSink sink, ReplaySources sources, HubMetrics metrics, StreamingOptions options, ILogger logger)
    {
        ConnectionId = connectionId;
        Sink = sink;
        _sources = sources;
        Metrics = metrics;
        _options = options;
        Logger = logger;
        Queue = new OutboxQueue(connectionId, options.MaxBacklogSpansPerConnection, metrics, logger);
    }

    public string ConnectionId { get; }

    /// <summary>Records queued and not yet sent (diagnostic; at most the configured bound).</summary>
    public int BacklogSpans => Queue.BacklogSpans;

    protected OutboxQueue Queue { get; }

    protected IOutboxSink Sink { get; }

    protected HubMetrics Metrics { get; }

    protected ILogger Logger { get; }

    /// <summary>Cancelled when the connection closes; a sender stops at its next await.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Adds a subscription and, when resuming, queues its replay ahead of any live batch: the caller
    /// joins the group only after this returns. Null when the key is already subscribed here
    /// (subscribing twice is idempotent and keeps the first cursor, so nothing is delivered twice).
    /// </summary>
    public Subscription? TryAdd(SpanFilter filter, long? resumeAfterSeq, SubscriptionKind kind, out string key)
    {
        if (ViewErrorOf(filter, kind) is { } error)
        {
            throw new HubException(error);
        }
        key = kind == SubscriptionKind.Logs ? TelemetryHubPaths.LogsKey(filter) : filter.CanonicalKey;
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
            subscription = new Subscription(key, kind, filter.Normalize(), this, resumeAfterSeq);
            _subscriptions.Add(key, subscription);
        }
        Metrics.SubscriptionAdded();
        if (resumeAfterSeq is not null)
        {
            OnQueued(Queue.Add(OutboxEntry.Replay(subscription)));
        }
        return subscription;
    }

    /// <summary>
    /// Null when <paramref name="filter"/>'s view can be delivered to a <paramref name="kind"/>
    /// subscription; otherwise what to tell the client. Log records have one view only.
    /// </summary>
    public static string? ViewErrorOf(SpanFilter filter, SubscriptionKind kind)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.ViewError is { } error)
        {
            return error;
        }
        return kind == SubscriptionKind.Logs && filter.IsSummary
            ? $"view={SpanFilter.SummaryView} applies to span subscriptions; log records have one view."
            : null;
    }

    /// <summary>The subscription with this key on this connection, or null.</summary>
    public Subscription? Find(string key)
    {
        lock (_lock)
        {
            return _subscriptions.GetValueOrDefault(key);
        }
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
            Metrics.SubscriptionRemoved();
            return subscription;
        }
    }

    public List<Subscription> RemoveAll()
    {
        List<Subscription> all;
        lock (_lock)
        {
            all = [.. _subscriptions.Values];
            foreach (var subscription in all)
            {
                subscription.MarkRemoved();
            }
            _subscriptions.Clear();
        }
        Queue.Clear();
        if (all.Count > 0)
        {
            Metrics.SubscriptionRemoved(all.Count);
        }
        return all;
    }

    /// <summary>
    /// Hands a live batch to this connection; called by the group send (the fan-out's flusher), so
    /// it must never wait on the client.
    /// </summary>
    public abstract void EnqueueLive(Subscription subscription, LiveBatch batch);

    /// <summary>
    /// An entry was queued; <paramref name="claimedSending"/> is true when nobody was sending and the
    /// caller now owns sending (it must start a sender or wake the one it has).
    /// </summary>
    protected abstract void OnQueued(bool claimedSending);

    /// <summary>Stops the sender (disconnect).</summary>
    public void Dispose()
    {
        // Not disposed: the sender may still observe the token, and a CTS without timers holds nothing to free.
        _stopping.Cancel();
    }
}
