namespace Qyl.Contracts;

/// <summary>A row of <c>GET /api/v1/services</c>.</summary>
public sealed record ServiceSummary(string ServiceName, long SpanCount, long LastSeenUnixNano);

/// <summary>A row of <c>GET /api/v1/sessions</c>.</summary>
public sealed record SessionSummary(
    string SessionId,
    string ServiceName,
    long SpanCount,
    long TraceCount,
    long FirstSeenUnixNano,
    long LastSeenUnixNano,
    long InputTokens,
    long OutputTokens,
    long ErrorCount);

/// <summary>A row of <c>GET /api/v1/traces</c>.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootName,
    string ServiceName,
    string? SessionId,
    long StartTimeUnixNano,
    double DurationMs,
    long SpanCount,
    long ErrorCount);

/// <summary>The body of <c>GET /api/v1/traces/{traceId}</c>.</summary>
public sealed record TraceDetail(string TraceId, IReadOnlyList<SpanRecord> Spans)
{
    /// <summary>The trace's log records in seq order (empty when it has none).</summary>
    public IReadOnlyList<LogRecord> Logs { get; init; } = [];
}

/// <summary>The body of <c>GET /api/v1/spans</c>: spans in seq order and the cursor for the next page.</summary>
public sealed record SpanPage(IReadOnlyList<SpanRecord> Spans, long NextAfterSeq);
