using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>
/// The embedded store: a bounded ring of spans in seq order with indexes for the query API.
/// The oldest span is evicted when <see cref="StorageOptions.MaxSpans"/> is reached.
/// </summary>
/// <remarks>
/// seq starts from the clock (microseconds since the Unix epoch) and is max(last + 1, now), so a
/// restarted process issues seqs above every seq the previous one issued (unless the previous one
/// ran more than a million spans a second ahead of the clock), and they stay below 2^53, exact in
/// JavaScript numbers. One lock guards all state: appends come from the single ingest writer and
/// reads are short scans, so contention is low and readers always see a consistent prefix.
/// </remarks>
public sealed partial class InMemorySpanStore : ISpanStore
{
    private readonly Lock _lock = new();
    private readonly SpanRing _ring;
    private readonly HashSet<SpanKey> _ids = [];
    private readonly TimeProvider _clock;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<InMemorySpanStore> _logger;
    private long _lastSeq;
    private long _retainedAfterSeq;
    private bool _evictionLogged;

    /// <summary>Creates an empty store.</summary>
    public InMemorySpanStore(IOptions<StorageOptions> options, IngestMetrics metrics, ILogger<InMemorySpanStore> logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ring = new SpanRing(options.Value.MaxSpans);
        _metrics = metrics;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        // Everything this process will issue lies above this; anything a client holds at or below
        // it came from an earlier process and is gone.
        _lastSeq = _clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        _retainedAfterSeq = _lastSeq;
    }

    /// <inheritdoc />
    public Task<AppendResult> AppendAsync(
        IReadOnlyList<SpanRecord> spans,
        Action<IReadOnlyList<SpanRecord>>? onSequenced,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var sequenced = new List<SpanRecord>(spans.Count);
        var duplicates = 0;
        var evicted = 0;
        lock (_lock)
        {
            var nowMicros = _clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
            var seq = Math.Max(_lastSeq + 1, nowMicros);
            foreach (var span in spans)
            {
                if (!_ids.Add(new SpanKey(span.TraceId, span.SpanId)))
                {
                    duplicates++;
                    continue;
                }
                var record = span with { Seq = seq++ };
                if (_ring.IsFull)
                {
                    Evict(_ring.RemoveOldest());
                    evicted++;
                }
                _ring.Add(record);
                Index(record);
                sequenced.Add(record);
            }
            _lastSeq = seq - 1;
        }

        if (evicted > 0)
        {
            _metrics.Evicted(evicted);
            if (!_evictionLogged)
            {
                _evictionLogged = true;
                IngestLog.FirstEviction(_logger, _ring.Capacity);
            }
        }
        if (sequenced.Count > 0)
        {
            onSequenced?.Invoke(sequenced);
        }
        return Task.FromResult(new AppendResult(sequenced.Count, duplicates));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SpanRecord>> ReadAfterAsync(long afterSeq, SpanFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var result = new List<SpanRecord>(Math.Min(limit, 256));
        lock (_lock)
        {
            for (var i = _ring.IndexAfter(afterSeq); i < _ring.Count && result.Count < limit; i++)
            {
                var span = _ring[i];
                if (filter.Matches(span))
                {
                    result.Add(span);
                }
            }
        }
        return Task.FromResult<IReadOnlyList<SpanRecord>>(result);
    }

    /// <inheritdoc />
    public ValueTask<long> GetRetainedAfterSeqAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_retainedAfterSeq);
        }
    }

    /// <inheritdoc />
    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    private void Evict(SpanRecord span)
    {
        _ids.Remove(new SpanKey(span.TraceId, span.SpanId));
        _retainedAfterSeq = span.Seq;
        Unindex(span);
    }

    private readonly record struct SpanKey(string TraceId, string SpanId);
}
