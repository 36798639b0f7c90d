using Qyl.Contracts;
using Qyl.Contracts.Conversations;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Query;

/// <summary>
/// The messages of model calls (docs/api.md, the conversation endpoints): one trace's, as each call sent
/// them, and one session's, each repeated message once. The normalizing itself is
/// <see cref="ConversationNormalizer"/>; this file only reads the store and answers.
/// </summary>
internal static class ConversationEndpoints
{
    /// <summary>Messages returned by the session view when <c>limit</c> is absent.</summary>
    public const int DefaultMessageLimit = 500;

    /// <summary>The largest session <c>limit</c>: bounds one response's size.</summary>
    public const int MaxMessageLimit = 5000;

    // A session's view reads every trace of it, newest first; an agent that ran for days may have
    // thousands. Past this many the oldest traces are left out (their messages are the oldest, and
    // the limit keeps the most recent), which bounds the store reads one request may cause.
    private const int MaxSessionTraces = 1000;

    public static RouteGroupBuilder MapQylConversations(this RouteGroupBuilder api)
    {
        api.MapGet("/traces/{traceId}/messages", GetTraceMessagesAsync);
        api.MapGet("/sessions/{sessionId}/messages", GetSessionMessagesAsync);
        return api;
    }

    private static async Task<IResult> GetTraceMessagesAsync(string traceId, ISpanStore store, ILogStore logStore, CancellationToken cancellationToken)
    {
        if (!QueryParameters.IsTraceId(traceId))
        {
            return TypedResults.Problem(
                detail: $"Trace id '{traceId}' is not valid; it must be {QueryParameters.TraceIdRule}.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid parameter 'traceId'",
                extensions: new Dictionary<string, object?> { ["parameter"] = "traceId" });
        }
        var id = traceId.ToLowerInvariant();
        var messages = await ReadTraceMessagesAsync(id, store, logStore, cancellationToken);
        return messages is null
            ? TypedResults.Problem(
                detail: $"No spans of trace '{id}' are stored (never received, or past retention).",
                statusCode: StatusCodes.Status404NotFound,
                title: "Trace not found")
            : TypedResults.Json(messages, QylJsonContext.Default.TraceMessages);
    }

    /// <summary>One trace's messages as each call sent them; null when neither spans nor logs of it are stored. The MCP tools read them here too.</summary>
    internal static async Task<TraceMessages?> ReadTraceMessagesAsync(string traceId, ISpanStore store, ILogStore logStore, CancellationToken cancellationToken)
    {
        var trace = await store.GetTraceAsync(traceId, cancellationToken);
        // Older instrumentations send every message as a log record, so a trace may hold messages
        // in its logs only (its spans past retention, or not exported at all).
        var logs = await logStore.GetTraceLogsAsync(traceId, cancellationToken);
        if (trace is null && logs.Count == 0)
        {
            return null;
        }
        // The trace view keeps what each call sent, history included: it answers "what did this call see".
        return new TraceMessages(traceId, ConversationNormalizer.FromTrace(trace?.Spans ?? [], logs));
    }

    private static async Task<IResult> GetSessionMessagesAsync(string sessionId, HttpRequest request, ISpanStore store, ILogStore logStore, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryGetLimit(request, DefaultMessageLimit, MaxMessageLimit, out var limit, out var problem))
        {
            return problem!;
        }
        var messages = await ReadSessionMessagesAsync(sessionId, limit, store, logStore, cancellationToken);
        return messages is null
            ? TypedResults.Problem(
                detail: $"No spans of session '{sessionId}' are stored (never received, or past retention).",
                statusCode: StatusCodes.Status404NotFound,
                title: "Session not found")
            : TypedResults.Json(messages, QylJsonContext.Default.SessionMessages);
    }

    /// <summary>A session's conversation, each repeated message once, the most recent <paramref name="limit"/>; null for an unknown session. The MCP tools read it here too.</summary>
    internal static async Task<SessionMessages?> ReadSessionMessagesAsync(string sessionId, int limit, ISpanStore store, ILogStore logStore, CancellationToken cancellationToken)
    {
        var traces = await store.GetTracesAsync(serviceName: null, sessionId, MaxSessionTraces, cancellationToken);
        if (traces.Count == 0)
        {
            return null;
        }
        var spans = new List<SpanRecord>();
        var logs = new List<LogRecord>();
        foreach (var summary in traces)
        {
            if (await store.GetTraceAsync(summary.TraceId, cancellationToken) is { } trace)
            {
                spans.AddRange(trace.Spans);
            }
            logs.AddRange(await logStore.GetTraceLogsAsync(summary.TraceId, cancellationToken));
        }
        // One conversation across the session's traces, in span-start order; each call re-sends the
        // history, so repeats are shown once (ShownMessages says what "the same message" means).
        var distinct = ShownMessages.Distinct(ConversationNormalizer.FromTrace(spans, logs));
        var recent = distinct.Count <= limit ? distinct : distinct.Skip(distinct.Count - limit).ToList();
        return new SessionMessages(sessionId, recent);
    }
}
