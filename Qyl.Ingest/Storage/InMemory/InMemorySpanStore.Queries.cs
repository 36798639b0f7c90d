using System.Runtime.InteropServices;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>The query side of the embedded store: aggregates kept in step with the ring, span by span.</summary>
public sealed partial class InMemorySpanStore
{
    private readonly Dictionary<string, TraceAggregate> _traces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceAggregate> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionAggregate> _sessions = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        lock (_lock)
        {
            if (!_traces.TryGetValue(traceId.ToLowerInvariant(), out var trace))
            {
                return Task.FromResult<TraceDetail?>(null);
            }
            // A running span's record is left out once its finished record exists.
            var spans = new List<SpanRecord>(trace.Count);
            for (var i = 0; i < trace.Count; i++)
            {
                if (IsCurrent(trace[i]))
                {
                    spans.Add(trace[i].ToRecord());
                }
            }
            return Task.FromResult<TraceDetail?>(new TraceDetail(trace.TraceId, spans));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<ServiceSummary> result = [.. _services
                .Select(s => new ServiceSummary(s.Key, s.Value.SpanCount, s.Value.LastSeenUnixNano))
                .OrderBy(s => s.ServiceName, StringComparer.Ordinal)];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        serviceName = string.IsNullOrEmpty(serviceName) ? null : serviceName;
        lock (_lock)
        {
            var candidates = serviceName is null ? _sessions.Values : _sessions.Values.Where(s => s.HasService(serviceName));
            IReadOnlyList<SessionSummary> result = [.. TopK.Select(candidates, limit, MostRecentSession).Select(s => s.ToSummary())];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        serviceName = string.IsNullOrEmpty(serviceName) ? null : serviceName;
        sessionId = string.IsNullOrEmpty(sessionId) ? null : sessionId;
        lock (_lock)
        {
            IEnumerable<TraceAggregate> candidates;
            if (sessionId is not null)
            {
                // A session knows its traces: no need to look at the others.
                candidates = _sessions.TryGetValue(sessionId, out var session)
                    ? session.TraceSpanCounts.Keys.Select(id => _traces[id])
                    : [];
            }
            else
            {
                candidates = _traces.Values.Where(t => t.HasFinished);
            }
            if (serviceName is not null)
            {
                candidates = candidates.Where(t => t.HasService(serviceName));
            }
            IReadOnlyList<TraceSummary> result = [.. TopK.Select(candidates, limit, MostRecentTrace).Select(t => t.ToSummary())];
            return Task.FromResult(result);
        }
    }

    private static int MostRecentSession(SessionAggregate a, SessionAggregate b)
    {
        var byTime = b.LastSeenUnixNano.CompareTo(a.LastSeenUnixNano);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.SessionId, b.SessionId);
    }

    private static int MostRecentTrace(TraceAggregate a, TraceAggregate b)
    {
        var byTime = b.StartTimeUnixNano.CompareTo(a.StartTimeUnixNano);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.TraceId, b.TraceId);
    }

    /// <summary>Adds a span to every aggregate; the span then shares its trace's and session's id strings.</summary>
    private void Index(StoredSpan span)
    {
        // GetValueRefOrAddDefault: one hash of the id per span, found or added.
        ref var trace = ref CollectionsMarshal.GetValueRefOrAddDefault(_traces, span.TraceId, out _);
        trace ??= new TraceAggregate(span.TraceId);

        SessionAggregate? session = null;
        if (span.SessionId is not null && !span.InProgress)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_sessions, span.SessionId, out _);
            session = slot ??= new SessionAggregate(span.SessionId, span.ServiceName);
        }

        span.TraceId = trace.TraceId;
        span.SessionId = session?.SessionId ?? span.SessionId;
        trace.Add(span);
        if (span.InProgress)
        {
            // In the seq stream and the trace, not in the summaries: those count finished spans,
            // so a span with both records is counted once, when it ends.
            return;
        }
        session?.Add(span, +1);

        ref var service = ref CollectionsMarshal.GetValueRefOrAddDefault(_services, span.ServiceName, out _);
        service ??= new ServiceAggregate();
        service.SpanCount++;
        service.LastSeenUnixNano = Math.Max(service.LastSeenUnixNano, span.EndTimeUnixNano ?? span.StartTimeUnixNano);
    }

    /// <summary>Removes the span the ring just evicted (always its trace's oldest) from every aggregate.</summary>
    private void Unindex(StoredSpan span)
    {
        if (_traces.TryGetValue(span.TraceId, out var trace))
        {
            trace.RemoveOldest();
            if (trace.Count == 0)
            {
                _traces.Remove(span.TraceId);
            }
        }

        if (span.InProgress)
        {
            return;
        }

        if (_services.TryGetValue(span.ServiceName, out var service) && --service.SpanCount == 0)
        {
            _services.Remove(span.ServiceName);
        }

        if (span.SessionId is not null && _sessions.TryGetValue(span.SessionId, out var session))
        {
            session.Add(span, -1);
            if (session.SpanCount == 0)
            {
                _sessions.Remove(span.SessionId);
            }
        }
    }

    private sealed class ServiceAggregate
    {
        public long SpanCount { get; set; }

        public long LastSeenUnixNano { get; set; }
    }
}
