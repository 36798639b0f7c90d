// The fan-out: ingest → groups → per-connection outboxes → transports.
//
// Filters are groups. A subscription's key is SpanFilter.CanonicalKey; for each published span the
// fan-out computes the (at most 16) keys that match it and appends the span to the pending batch of
// each key that has members. One flusher takes each touched group's spans as soon as it is free:
// an idle hub sends a span at once, a busy one sends what accumulated while the previous flush ran,
// so batches grow with load instead of every span waiting out a fixed timer. A batch holds at most
// Qyl:Streaming:MaxBatchSpans; Qyl:Streaming:BatchWindowMilliseconds (default 0) can add a fixed
// coalescing delay. One SpanBatch object is shared by all members.
//
// Why not SignalR's own group send: it awaits every member's pipe, so one stalled WebSocket would
// stall the whole group and queue messages without bound. Instead each connection (hub or SSE) has
// a ConnectionOutbox bounded by span count with one sender at a time. When a connection is idle the
// flusher writes the batch to it directly (no queue, no thread hop); only a connection whose
// transport is still busy queues, and its own drain catches up. Publish only appends under short
// locks, so it never waits on a client. On overflow the oldest batches of
// that connection alone are dropped, the dropped seq range and count are kept per subscription,
// and Dropped { key, fromSeq, toSeq, count } is sent before the next spans of that key. Connections
// also join the real SignalR group named by the key (cheap) so a backplane can use it later.
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Streaming;

/// <summary>The live path's broadcaster: groups keyed by canonical filter, delivered through bounded per-connection outboxes.</summary>
public sealed class SpanFanout : BackgroundService, ITelemetryBroadcaster
{
    [ThreadStatic]
    private static List<string>? t_keys;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FanoutGroup> _groups = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConnectionOutbox> _outboxes = new(StringComparer.Ordinal);
    private readonly Lock _membership = new();
    // Each group is queued at most once until flushed (FanoutGroup tracks it), so this is bounded by the group count.
    private readonly Channel<FanoutGroup> _dirty = Channel.CreateUnbounded<FanoutGroup>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StreamingOptions _options;
    private readonly ISpanStore _store;
    private readonly HubMetrics _metrics;
    private readonly ILogger<SpanFanout> _logger;
    private readonly RecentSpans _recent;

    /// <summary>Creates the fan-out.</summary>
    public SpanFanout(IOptions<StreamingOptions> options, ISpanStore store, HubMetrics metrics, ILogger<SpanFanout> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
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
                if (_groups.TryGetValue(key, out var group) && group.Append(span, accepted))
                {
                    _dirty.Writer.TryWrite(group);
                }
            }
        }
    }

    /// <summary>Spans waiting in each open connection's outbox, by connection id (diagnostic, read-only).</summary>
    public IReadOnlyDictionary<string, int> GetBacklogSpans() =>
        _outboxes.ToDictionary(kv => kv.Key, kv => kv.Value.BacklogSpans, StringComparer.Ordinal);

    /// <param name="ownPump">True when the caller runs <see cref="ConnectionOutbox.RunAsync"/> (SSE); false drains on demand (hub).</param>
    internal ConnectionOutbox OpenConnection(string connectionId, IOutboxSink sink, bool ownPump)
    {
        var outbox = new ConnectionOutbox(connectionId, sink, _store, _recent, _metrics, _options, _logger, ownPump);
        if (!_outboxes.TryAdd(connectionId, outbox))
        {
            outbox.Dispose();
            throw new InvalidOperationException($"Connection {connectionId} is already open.");
        }
        _metrics.ConnectionOpened(sink.Endpoint);
        return outbox;
    }

    internal ConnectionOutbox? FindConnection(string connectionId) => _outboxes.GetValueOrDefault(connectionId);

    internal void CloseConnection(string connectionId, string endpoint)
    {
        if (!_outboxes.TryRemove(connectionId, out var outbox))
        {
            return;
        }
        foreach (var subscription in outbox.RemoveAll())
        {
            Leave(subscription);
        }
        outbox.Dispose();
        _metrics.ConnectionClosed(endpoint);
    }

    /// <summary>Puts the subscription into its group; live spans reach its outbox from now on.</summary>
    internal void Join(Subscription subscription)
    {
        lock (_membership)
        {
            _groups.GetOrAdd(subscription.Key, k => new FanoutGroup(k, _options.MaxBatchSpans)).Add(subscription);
        }
    }

    internal void Leave(Subscription subscription)
    {
        lock (_membership)
        {
            if (_groups.TryGetValue(subscription.Key, out var group) && group.Remove(subscription))
            {
                _groups.TryRemove(subscription.Key, out _);
            }
        }
    }

    /// <summary>
    /// The flusher: the only thread that takes spans out of groups, so a group's batches keep their
    /// order. It never waits on a client: idle connections are written inline, busy ones queue.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = TimeSpan.FromMilliseconds(_options.BatchWindowMilliseconds);
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
                    group.Flush();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
