// The fan-out: ingest → groups → per-connection outboxes → transports.
//
// One routing: a subscription's key is SpanFilter.CanonicalKey and its group is the SignalR group
// of that name (SubscriptionGroups; the hub joins it with Groups.AddToGroupAsync, SSE streams join
// it directly). For each published span the fan-out computes the (at most 16) keys that match it
// and appends the span to the pending batch of each key that has members. One flusher takes each
// touched group's spans as soon as it is free: an idle hub sends a span at once, a busy one sends
// what accumulated while the previous flush ran, so batches grow with load instead of every span
// waiting out a fixed timer. A batch holds at most Qyl:Streaming:MaxBatchSpans;
// Qyl:Streaming:BatchWindowMilliseconds (default 0) can add a fixed coalescing delay. One SpanBatch
// object is shared by all members.
//
// The flusher sends each batch to its group through TelemetryHubLifetimeManager, the same path a
// Clients.Group(key) send takes: into each member's bounded outbox, never awaiting a socket (SignalR's
// default group send awaits every member's pipe, so one stalled WebSocket would stall the group and
// queue without bound). When a connection is idle its batch is written at once (no queue, no thread
// hop); only a connection whose transport is still busy queues, and its own drain catches up. Publish
// only appends under short locks, so it never waits on a client. On overflow the oldest batches of
// that connection alone are dropped, the dropped seq range and count are kept per subscription, and
// Dropped { key, fromSeq, toSeq, count } is sent before the next spans of that key.
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Streaming;

/// <summary>The live path's local broadcaster: groups keyed by canonical filter, delivered through bounded per-connection outboxes.</summary>
public sealed class SpanFanout : BackgroundService, ITelemetryBroadcaster
{
    [ThreadStatic]
    private static List<string>? t_keys;

    // Each group is queued at most once until flushed (FanoutGroup tracks it), so this is bounded by the group count.
    private readonly Channel<FanoutGroup> _dirty = Channel.CreateUnbounded<FanoutGroup>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SubscriptionGroups _groups;
    private readonly TelemetryHubLifetimeManager _hub;
    private readonly StreamingOptions _options;
    private readonly ISpanStore _store;
    private readonly HubMetrics _metrics;
    private readonly ILogger<SpanFanout> _logger;
    private readonly RecentSpans _recent;

    internal SpanFanout(
        SubscriptionGroups groups,
        TelemetryHubLifetimeManager hub,
        IOptions<StreamingOptions> options,
        ISpanStore store,
        HubMetrics metrics,
        ILogger<SpanFanout> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _groups = groups;
        _hub = hub;
        _options = options.Value;
        _store = store;
        _metrics = metrics;
        _logger = logger;
        _recent = new RecentSpans(_options.RecentSpans);
    }

    /// <inheritdoc />
    public void Publish(SequencedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var spans = block.Spans;
        _recent.Add(spans);
        if (_groups.IsEmpty)
        {
            return;
        }
        var accepted = Stopwatch.GetTimestamp();
        var keys = t_keys ??= new List<string>(16);
        foreach (var span in spans)
        {
            keys.Clear();
            SpanFilter.AddMatchingKeys(span, keys);
            foreach (var key in keys)
            {
                if (_groups.Find(key) is { } group && group.Append(span, accepted))
                {
                    _dirty.Writer.TryWrite(group);
                }
            }
        }
    }

    /// <summary>Spans waiting in each open connection's outbox, by connection id (diagnostic, read-only).</summary>
    public IReadOnlyDictionary<string, int> GetBacklogSpans() => _groups.GetBacklogSpans();

    /// <summary>Opens the outbox of a SignalR connection; its subscriptions join their groups through <c>Groups.AddToGroupAsync</c>.</summary>
    internal HubConnectionOutbox OpenHubConnection(string connectionId, IOutboxSink sink)
    {
        var outbox = new HubConnectionOutbox(connectionId, sink, _store, _recent, _metrics, _options, _logger);
        Open(outbox, sink.Endpoint);
        return outbox;
    }

    /// <summary>
    /// Opens a live stream for an in-process reader (SSE; anything that wants "every record matching
    /// a filter after a seq"): one subscription to <paramref name="filter"/>, resumed after
    /// <paramref name="resumeAfterSeq"/> (null: live only) with no gap and no duplicate, written to
    /// <paramref name="sink"/> while <see cref="LiveStream.RunAsync"/> runs. Live spans reach it from
    /// the moment this returns. Dispose closes it.
    /// </summary>
    internal LiveStream OpenStream(string streamId, IOutboxSink sink, SpanFilter filter, long? resumeAfterSeq)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var outbox = new StreamOutbox(streamId, sink, _store, _recent, _metrics, _options, _logger);
        Open(outbox, sink.Endpoint);
        try
        {
            // Order matters: the replay entry is queued (TryAdd) before live batches can arrive (Join).
            var subscription = outbox.TryAdd(filter, resumeAfterSeq, out _)!;
            _groups.Join(subscription);
            return new LiveStream(this, outbox, subscription.Key, sink.Endpoint);
        }
        catch
        {
            CloseConnection(streamId, sink.Endpoint);
            throw;
        }
    }

    internal ConnectionOutbox? FindConnection(string connectionId) => _groups.FindConnection(connectionId);

    internal void CloseConnection(string connectionId, string endpoint)
    {
        if (_groups.RemoveConnection(connectionId) is not { } outbox)
        {
            return;
        }
        foreach (var subscription in outbox.RemoveAll())
        {
            _groups.Leave(subscription);
        }
        outbox.Dispose();
        _metrics.ConnectionClosed(endpoint);
    }

    /// <summary>
    /// The flusher: the only thread that takes spans out of groups, so a group's batches keep their
    /// order. It never waits on a client: idle connections are written inline, busy ones queue.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = TimeSpan.FromMilliseconds(_options.BatchWindowMilliseconds);
        var taken = new List<(SpanBatch Batch, long Since)>();
        try
        {
            while (await _dirty.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (window > TimeSpan.Zero)
                {
                    await Task.Delay(window, stoppingToken).ConfigureAwait(false);
                }
                while (_dirty.Reader.TryRead(out var group))
                {
                    group.TakeBatches(taken);
                    foreach (var (batch, since) in taken)
                    {
                        _hub.SendSpans(group.Key, batch, since);
                    }
                    taken.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Open(ConnectionOutbox outbox, string endpoint)
    {
        try
        {
            _groups.AddConnection(outbox);
        }
        catch
        {
            outbox.Dispose();
            throw;
        }
        _metrics.ConnectionOpened(endpoint);
    }
}
