using Qyl.Contracts;
using Qyl.Ingest.Live;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>
/// Log records in the embedded store: their own bounded ring (<see cref="StorageOptions.MaxLogs"/>,
/// oldest evicted first) and a per-trace index, under the store's one lock, with seqs from the same
/// counter as spans so one cursor orders both.
/// </summary>
public sealed partial class InMemorySpanStore : ILogStore
{
    private readonly Dictionary<string, TraceLogs> _traceLogs = new(StringComparer.Ordinal);
    private long _logsRetainedAfterSeq;
    private bool _logEvictionLogged;

    /// <inheritdoc />
    public Task<int> AppendLogsAsync(
        IReadOnlyList<LogRecord> logs,
        Action<SequencedBlock>? onSequenced,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var sequenced = new List<LogRecord>(logs.Count);
        var evicted = 0;
        long first, last;
        lock (_lock)
        {
            var seq = Math.Max(_lastSeq + 1, NowMicros());
            first = seq;
            foreach (var log in logs)
            {
                if (_logRing.IsFull)
                {
                    EvictLog(_logRing.RemoveOldest());
                    evicted++;
                }
                var record = Stamp(log, seq++);
                _logRing.Add(record);
                if (record.TraceId is { } traceId)
                {
                    if (!_traceLogs.TryGetValue(traceId, out var trace))
                    {
                        _traceLogs[traceId] = trace = new TraceLogs();
                    }
                    trace.Add(record);
                }
                sequenced.Add(record);
            }
            last = seq - 1;
            _lastSeq = Math.Max(_lastSeq, last);
        }

        if (evicted > 0)
        {
            _metrics.LogsEvicted(evicted);
            if (!_logEvictionLogged)
            {
                _logEvictionLogged = true;
                LogsLog.FirstLogEviction(_logger, _logRing.Capacity);
            }
        }
        if (sequenced.Count > 0)
        {
            onSequenced?.Invoke(new SequencedBlock(first, last, [], sequenced));
        }
        return Task.FromResult(sequenced.Count);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LogRecord>> ReadLogsAfterAsync(long afterSeq, SpanFilter filter, string? spanId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        spanId = string.IsNullOrEmpty(spanId) ? null : spanId.ToLowerInvariant();
        var result = new List<LogRecord>(Math.Min(limit, 256));
        lock (_lock)
        {
            if (!string.IsNullOrEmpty(filter.TraceId))
            {
                // A trace filter reads the trace's own list instead of scanning the whole ring.
                if (_traceLogs.TryGetValue(filter.TraceId.ToLowerInvariant(), out var trace))
                {
                    for (var i = trace.IndexAfter(afterSeq); i < trace.Count && result.Count < limit; i++)
                    {
                        AddIfMatching(trace[i]);
                    }
                }
                return Task.FromResult<IReadOnlyList<LogRecord>>(result);
            }
            for (var i = _logRing.IndexAfter(afterSeq); i < _logRing.Count && result.Count < limit; i++)
            {
                AddIfMatching(_logRing[i]);
            }
        }
        return Task.FromResult<IReadOnlyList<LogRecord>>(result);

        void AddIfMatching(LogRecord log)
        {
            if (filter.Matches(log) && (spanId is null || string.Equals(spanId, log.SpanId, StringComparison.Ordinal)))
            {
                result.Add(log);
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LogRecord>> GetTraceLogsAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        lock (_lock)
        {
            if (!_traceLogs.TryGetValue(traceId.ToLowerInvariant(), out var trace))
            {
                return Task.FromResult<IReadOnlyList<LogRecord>>([]);
            }
            var logs = new LogRecord[trace.Count];
            for (var i = 0; i < logs.Length; i++)
            {
                logs[i] = trace[i];
            }
            return Task.FromResult<IReadOnlyList<LogRecord>>(logs);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> GetLogsRetainedAfterSeqAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_logsRetainedAfterSeq);
        }
    }

    /// <summary>
    /// The stored form: the incoming record stamped in place when still unsequenced (its decoder
    /// owned it), else a copy; a record without a session takes its span's, when the span is held.
    /// </summary>
    private LogRecord Stamp(LogRecord log, long seq)
    {
        var session = log.SessionId ?? SessionOfSpan(log.TraceId, log.SpanId);
        if (session is null && log.TryAssignSeq(seq))
        {
            return log;
        }
        return log with { Seq = seq, SessionId = session };
    }

    private string? SessionOfSpan(string? traceId, string? spanId)
    {
        if (traceId is null || spanId is null || !_traces.TryGetValue(traceId, out var trace))
        {
            return null;
        }
        var id = StoredId.From(spanId);
        for (var i = trace.Count - 1; i >= 0; i--)
        {
            if (trace[i].SpanId.Equals(id))
            {
                return trace[i].SessionId;
            }
        }
        return null;
    }

    private void EvictLog(LogRecord log)
    {
        _logsRetainedAfterSeq = log.Seq;
        if (log.TraceId is { } traceId && _traceLogs.TryGetValue(traceId, out var trace))
        {
            trace.RemoveOldest();
            if (trace.Count == 0)
            {
                _traceLogs.Remove(traceId);
            }
        }
    }
}
