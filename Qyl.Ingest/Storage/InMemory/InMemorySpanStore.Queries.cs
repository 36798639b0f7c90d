using Qyl.Contracts;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>The query side of the embedded store: indexes kept in step with the ring.</summary>
public sealed partial class InMemorySpanStore
{
    private readonly Dictionary<string, List<SpanRecord>> _traces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceAggregate> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionAggregate> _sessions = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        lock (_lock)
        {
            return Task.FromResult(_traces.TryGetValue(traceId.ToLowerInvariant(), out var spans)
                ? new TraceDetail(traceId.ToLowerInvariant(), [.. spans])
                : null);
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
        lock (_lock)
        {
            IReadOnlyList<SessionSummary> result = [.. _sessions
                .Where(s => serviceName is null || s.Value.Services.ContainsKey(serviceName))
                .Select(s => s.Value.ToSummary(s.Key))
                .OrderByDescending(s => s.LastSeenUnixNano)
                .ThenBy(s => s.SessionId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<TraceSummary> result = [.. _traces.Values
                .Where(spans => (serviceName is null || spans.Exists(s => s.ServiceName == serviceName))
                    && (sessionId is null || spans.Exists(s => s.SessionId == sessionId)))
                .Select(Summarize)
                .OrderByDescending(t => t.StartTimeUnixNano)
                .ThenBy(t => t.TraceId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(result);
        }
    }

    private static TraceSummary Summarize(List<SpanRecord> spans)
    {
        var root = spans.Find(s => s.ParentSpanId is null) ?? spans.MinBy(s => s.StartTimeUnixNano)!;
        var start = spans.Min(s => s.StartTimeUnixNano);
        var end = spans.Max(s => s.EndTimeUnixNano);
        return new TraceSummary(
            root.TraceId,
            root.Name,
            root.ServiceName,
            root.SessionId ?? spans.Find(s => s.SessionId is not null)?.SessionId,
            start,
            (end - start) / 1_000_000.0,
            spans.Count,
            spans.Count(s => s.Status == SpanStatuses.Error));
    }

    private void Index(SpanRecord span)
    {
        if (!_traces.TryGetValue(span.TraceId, out var traceSpans))
        {
            _traces[span.TraceId] = traceSpans = [];
        }
        traceSpans.Add(span);

        if (!_services.TryGetValue(span.ServiceName, out var service))
        {
            _services[span.ServiceName] = service = new ServiceAggregate();
        }
        service.SpanCount++;
        service.LastSeenUnixNano = Math.Max(service.LastSeenUnixNano, span.EndTimeUnixNano);

        if (span.SessionId is not null)
        {
            if (!_sessions.TryGetValue(span.SessionId, out var session))
            {
                _sessions[span.SessionId] = session = new SessionAggregate(span.ServiceName);
            }
            session.Add(span, +1);
        }
    }

    private void Unindex(SpanRecord span)
    {
        if (_traces.TryGetValue(span.TraceId, out var traceSpans))
        {
            // Eviction is in seq order, so a trace's oldest span is at the front of its list.
            var index = traceSpans.IndexOf(span);
            if (index >= 0)
            {
                traceSpans.RemoveAt(index);
            }
            if (traceSpans.Count == 0)
            {
                _traces.Remove(span.TraceId);
            }
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

    private sealed class SessionAggregate(string serviceName)
    {
        private readonly Dictionary<string, int> _traceSpanCounts = new(StringComparer.Ordinal);

        public Dictionary<string, int> Services { get; } = new(StringComparer.Ordinal);

        public long SpanCount { get; private set; }

        private long _firstSeen = long.MaxValue;
        private long _lastSeen;
        private long _inputTokens;
        private long _outputTokens;
        private long _errors;

        /// <summary>Adds (<paramref name="sign"/> = +1) or removes (-1) one span's contribution.</summary>
        public void Add(SpanRecord span, int sign)
        {
            SpanCount += sign;
            _inputTokens += sign * (span.GenAi?.InputTokens ?? 0);
            _outputTokens += sign * (span.GenAi?.OutputTokens ?? 0);
            if (span.Status == SpanStatuses.Error)
            {
                _errors += sign;
            }
            Bump(_traceSpanCounts, span.TraceId, sign);
            Bump(Services, span.ServiceName, sign);
            if (sign > 0)
            {
                // First and last seen describe the session's history, not only what is retained.
                _firstSeen = Math.Min(_firstSeen, span.StartTimeUnixNano);
                _lastSeen = Math.Max(_lastSeen, span.EndTimeUnixNano);
            }
        }

        public SessionSummary ToSummary(string sessionId) => new(
            sessionId, serviceName, SpanCount, _traceSpanCounts.Count, _firstSeen, _lastSeen, _inputTokens, _outputTokens, _errors);

        private static void Bump(Dictionary<string, int> counts, string key, int sign)
        {
            counts.TryGetValue(key, out var count);
            count += sign;
            if (count == 0)
            {
                counts.Remove(key);
            }
            else
            {
                counts[key] = count;
            }
        }
    }
}
