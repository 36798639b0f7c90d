using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Ingest.Live;

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
/// Spans are kept in a compact form (<see cref="StoredSpan"/>: one object and one attribute array per
/// span, repeated strings and dictionaries shared by <see cref="SpanInterner"/>) and handed out as
/// fresh records; the trace and session aggregates are maintained per span.
/// </remarks>
public sealed partial class InMemorySpanStore : ISpanStore
{
    private readonly Lock _lock = new();
    private readonly SpanRing _ring;
    private readonly LogRing _logRing;
    private readonly HashSet<StoredSpan> _ids = new(StoredSpan.Identity.Instance);
    // The current in-progress record of each running span whose finished record has not arrived;
    // _ids holds finished records only, so the two records of one span never collide.
    private readonly HashSet<StoredSpan> _running = new(StoredSpan.Identity.Instance);
    private readonly SpanInterner _interner = new();
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
        _logRing = new LogRing(options.Value.MaxLogs);
        _metrics = metrics;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        // Everything this process will issue lies above this; anything a client holds at or below
        // it came from an earlier process and is gone.
        _lastSeq = NowMicros();
        _retainedAfterSeq = _lastSeq;
        _logsRetainedAfterSeq = _lastSeq;
    }

    /// <inheritdoc />
    public Task<AppendResult> AppendAsync(
        IReadOnlyList<SpanRecord> spans,
        Action<SequencedBlock>? onSequenced,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var sequenced = new List<SpanRecord>(spans.Count);
        var duplicates = 0;
        var evicted = 0;
        long firstSeq;
        lock (_lock)
        {
            var seq = Math.Max(_lastSeq + 1, NowMicros());
            firstSeq = seq;
            foreach (var span in spans)
            {
                var stored = _interner.Store(span);
                // One hash of the two ids per span: Add both tests and inserts. A start marker arriving
                // after the finished record (or twice) is accepted as a duplicate and stores nothing.
                var identities = stored.InProgress ? _running : _ids;
                if ((stored.InProgress && _ids.Contains(stored)) || !identities.Add(stored))
                {
                    duplicates++;
                    continue;
                }
                if (!stored.InProgress && _running.Count > 0)
                {
                    // The finished record supersedes the running one; that record stays in the ring
                    // (the seq stream keeps both) but is no longer the span's current state.
                    _running.Remove(stored);
                }
                if (_ring.IsFull)
                {
                    Evict(_ring.RemoveOldest());
                    evicted++;
                }
                stored.Seq = seq;
                Index(stored);
                _ring.Add(stored);
                // Live delivery sends the record as it came, seq stamped: it was never published, so
                // stamping it is safe (SpanRecord.TryAssignSeq); one that already had a seq is copied.
                sequenced.Add(span.TryAssignSeq(seq) ? span : span with { Seq = seq });
                seq++;
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
            // Only stored spans take a seq here, so the block is exactly their seqs; a write of
            // duplicates only took none and has nothing to settle.
            onSequenced?.Invoke(new SequencedBlock(firstSeq, firstSeq + sequenced.Count - 1, sequenced));
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
            // A trace filter reads the trace's own list instead of scanning the whole ring.
            if (!string.IsNullOrEmpty(filter.TraceId))
            {
                if (_traces.TryGetValue(filter.TraceId.ToLowerInvariant(), out var trace))
                {
                    for (var i = trace.IndexAfter(afterSeq); i < trace.Count && result.Count < limit; i++)
                    {
                        AddIfMatches(result, filter, trace[i]);
                    }
                }
                return Task.FromResult<IReadOnlyList<SpanRecord>>(result);
            }
            for (var i = _ring.IndexAfter(afterSeq); i < _ring.Count && result.Count < limit; i++)
            {
                AddIfMatches(result, filter, _ring[i]);
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

    /// <summary>Visits every retained span's stored form in seq order, under the lock (the bench's heap census).</summary>
    internal void ForEachStored(Action<StoredSpan> visit)
    {
        lock (_lock)
        {
            for (var i = 0; i < _ring.Count; i++)
            {
                visit(_ring[i]);
            }
        }
    }

    private static void AddIfMatches(List<SpanRecord> result, SpanFilter filter, StoredSpan span)
    {
        if (filter.Matches(span.ServiceName, span.SessionId, span.TraceId, span.GenAi is not null))
        {
            result.Add(span.ToRecord());
        }
    }

    private void Evict(StoredSpan span)
    {
        if (!span.InProgress)
        {
            _ids.Remove(span);
        }
        else if (_running.TryGetValue(span, out var current) && ReferenceEquals(current, span))
        {
            _running.Remove(span);
        }
        _retainedAfterSeq = span.Seq;
        Unindex(span);
    }

    private long NowMicros() => (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>True for an in-progress record whose finished record has not been stored.</summary>
    private bool IsCurrent(StoredSpan record) =>
        !record.InProgress || (_running.TryGetValue(record, out var current) && ReferenceEquals(current, record));
}
