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

/// <summary>
/// The live path's local broadcaster: spans and log records into groups keyed by canonical filter
/// (log groups by <c>logs:</c> and the filter), delivered through bounded per-connection outboxes.
/// </summary>
public sealed class SpanFanout : BackgroundService, ITelemetryBroadcaster
{
    [ThreadStatic]
    private static List<string>? t_keys;

    // Each group is queued at most once until flushed (FanoutGroup tracks it), so this is bounded by the group count.
    private readonly Channel<FanoutGroup> _dirty = Channel.CreateUnbounded<FanoutGroup>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SubscriptionGroups _groups;
    private readonly TelemetryHubLifetimeManager _hub;
    private readonly StreamingOptions _options;
    private readonly HubMetrics _metrics;
    private readonly ILogger<SpanFanout> _logger;
    private readonly ReplaySources _sources;

    internal SpanFanout(
        SubscriptionGroups groups,
        TelemetryHubLifetimeManager hub,
        IOptions<StreamingOptions> options,
        ISpanStore store,
        ILogStore logStore,
        HubMetrics metrics,
        ILogger<SpanFanout> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _groups = groups;
        _hub = hub;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _sources = new ReplaySources(store, logStore, _options.RecentSpans);
    }

    /// <inheritdoc />
    public void Publish(SequencedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _sources.RecentSpans.Add(block.Spans);
        _sources.RecentLogs.Add(block.Logs);
        var accepted = Stopwatch.GetTimestamp();
        var keys = t_keys ??= new List<string>(16);
        if (!_groups.HasNoSpanGroups)
        {
            // Each lookup hashes the key: skip a view nobody follows (most hubs only ever see one).
            var full = !_groups.HasNoFullGroups;
            var summary = !_groups.HasNoSummaryGroups;
            foreach (var span in block.Spans)
            {
                keys.Clear();
                SpanFilter.AddMatchingKeys(span, keys);
                foreach (var key in keys)
                {
                    if (full && _groups.FindSpanGroup(key) is { } group && group.Append(span, accepted))
                    {
                        _dirty.Writer.TryWrite(group);
                    }
                    if (summary && _groups.FindSummaryGroup(key) is { } summaries && summaries.Append(span, accepted))
                    {
                        _dirty.Writer.TryWrite(summaries);
                    }
                }
            }
        }
        if (!_groups.HasNoLogGroups)
        {
            foreach (var log in block.Logs)
            {
                keys.Clear();
                SpanFilter.AddMatchingKeys(log, keys);
                foreach (var key in keys)
                {
                    if (_groups.FindLogGroup(key) is { } group && group.Append(log, accepted))
                    {
                        _dirty.Writer.TryWrite(group);
                    }
                }
            }
        }
    }

    /// <summary>Records waiting in each open connection's outbox, by connection id (diagnostic, read-only).</summary>
    public IReadOnlyDictionary<string, int> GetBacklogSpans() => _groups.GetBacklogSpans();

    /// <summary>Opens the outbox of a SignalR connection; its subscriptions join their groups through <c>Groups.AddToGroupAsync</c>.</summary>
    internal HubConnectionOutbox OpenHubConnection(string connectionId, IOutboxSink sink)
    {
        var outbox = new HubConnectionOutbox(connectionId, sink, _sources, _metrics, _options, _logger);
        Open(outbox, sink.Endpoint);
        return outbox;
    }

    /// <summary>
    /// Opens a live stream for an in-process reader (SSE; anything that wants "every record matching
    /// a filter after a seq"): one subscription to <paramref name="filter"/>, spans or, with
    /// <paramref name="kind"/> <see cref="SubscriptionKind.Logs"/>, log records, resumed after
    /// <paramref name="resumeAfterSeq"/> (null: live only) with no gap and no duplicate, written to
    /// <paramref name="sink"/> while <see cref="LiveStream.RunAsync"/> runs. Live records reach it
    /// from the moment this returns. Dispose closes it.
    /// </summary>
    internal LiveStream OpenStream(string streamId, IOutboxSink sink, SpanFilter filter, long? resumeAfterSeq, SubscriptionKind kind = SubscriptionKind.Spans)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var outbox = new StreamOutbox(streamId, sink, _sources, _metrics, _options, _logger);
        Open(outbox, sink.Endpoint);
        try
        {
            // Order matters: the replay entry is queued (TryAdd) before live batches can arrive (Join).
            var subscription = outbox.TryAdd(filter, resumeAfterSeq, kind, out _)!;
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
        var taken = new List<LiveBatch>();
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
                    foreach (var batch in taken)
                    {
                        _hub.Send(group.Key, batch);
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
