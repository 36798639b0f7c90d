namespace Qyl.Contracts;

/// <summary>A row of <c>GET /api/v1/services</c>.</summary>
public sealed record ServiceSummary(string ServiceName, long SpanCount, long LastSeenUnixNano);

/// <summary>
/// A row of <c>GET /api/v1/sessions</c>. <c>costUsd</c> sums the priced model calls (USD, list prices
/// or <c>Qyl:Pricing:File</c>); <c>unpricedSpans</c> counts the GenAI spans with tokens but no known
/// price, which that sum leaves out.
/// </summary>
public sealed record SessionSummary(
    string SessionId,
    string ServiceName,
    long SpanCount,
    long TraceCount,
    long FirstSeenUnixNano,
    long LastSeenUnixNano,
    long InputTokens,
    long OutputTokens,
    long ErrorCount,
    double CostUsd,
    long UnpricedSpans);

/// <summary>A row of <c>GET /api/v1/traces</c>; <c>costUsd</c> and <c>unpricedSpans</c> as on <see cref="SessionSummary"/>.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootName,
    string ServiceName,
    string? SessionId,
    long StartTimeUnixNano,
    double DurationMs,
    long SpanCount,
    long ErrorCount,
    double CostUsd,
    long UnpricedSpans);

/// <summary>The body of <c>GET /api/v1/traces/{traceId}</c>.</summary>
public sealed record TraceDetail(string TraceId, IReadOnlyList<SpanRecord> Spans)
{
    /// <summary>The trace's log records in seq order (empty when it has none).</summary>
    public IReadOnlyList<LogRecord> Logs { get; init; } = [];
}

/// <summary>The body of <c>GET /api/v1/spans</c>: spans in seq order and the cursor for the next page.</summary>
public sealed record SpanPage(IReadOnlyList<SpanRecord> Spans, long NextAfterSeq);
