using Qyl.Contracts;

namespace Qyl.Mcp;

/// <summary>
/// Where the MCP tools read telemetry. The hub answers from its own store and live fan-out; <c>qyl mcp</c>
/// answers through a hub's query API and SSE stream. The tools (names, schemas, result shapes) are the
/// same either way: they live in <see cref="QylTools"/>, written once.
/// </summary>
public interface IQylTelemetrySource
{
    /// <summary>Services seen, as <c>GET /api/v1/services</c>.</summary>
    Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken);

    /// <summary>Sessions, most recent first, as <c>GET /api/v1/sessions</c>.</summary>
    Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken);

    /// <summary>One trace's spans, logs and messages; null when neither spans nor logs of it are stored.</summary>
    Task<TraceBundle?> GetTraceAsync(string traceId, CancellationToken cancellationToken);

    /// <summary>A session's conversation, each repeated message once, the most recent <paramref name="limit"/>; null when no span of the session is stored.</summary>
    Task<SessionMessages?> GetSessionMessagesAsync(string sessionId, int limit, CancellationToken cancellationToken);

    /// <summary>Stored spans after <paramref name="afterSeq"/> matching <paramref name="filter"/>, ascending, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SpanRecord>> SearchSpansAsync(SpanFilter filter, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Waits on the live path: completes as soon as at least one span matching <paramref name="filter"/>
    /// with a seq above <paramref name="afterSeq"/> exists (stored ones first, then live), with at most
    /// <paramref name="limit"/> of them; with none when <paramref name="timeout"/> passes first. Null
    /// <paramref name="afterSeq"/> waits for spans arriving from now on. Cancelled with the caller.
    /// </summary>
    Task<WaitOutcome> WaitForSpansAsync(SpanFilter filter, long? afterSeq, int limit, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>What <c>get_trace</c> shows: the spans, and the logs and messages where the hub has them (null: not available).</summary>
public sealed record TraceBundle(
    string TraceId,
    IReadOnlyList<SpanRecord> Spans,
    IReadOnlyList<LogRecord>? Logs,
    IReadOnlyList<ConversationMessage>? Messages);

/// <summary>The result of a wait: spans in seq order (empty on timeout) and a gap the store could no longer serve.</summary>
public sealed record WaitOutcome(IReadOnlyList<SpanRecord> Spans, DroppedNotice? Dropped);

/// <summary>The source could not answer (hub unreachable, storage down): a tool error the model can read, not a protocol failure.</summary>
public sealed class TelemetryUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
