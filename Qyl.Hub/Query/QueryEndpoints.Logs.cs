using Qyl.Contracts;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Query;

/// <summary>Log records in the query API: <c>GET /api/v1/logs</c> and the <c>logs</c> of a trace.</summary>
public static partial class QueryEndpoints
{
    private static async Task<IResult> GetLogsAsync(HttpRequest request, ILogStore store, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryGetAfterSeq(request, out var afterSeq, out var problem)
            || !QueryParameters.TryGetLimit(request, out var limit, out problem)
            || !QueryParameters.TryGetText(request, "serviceName", out var serviceName, out problem)
            || !QueryParameters.TryGetText(request, "sessionId", out var sessionId, out problem)
            || !QueryParameters.TryGetTraceId(request, out var traceId, out problem)
            || !QueryParameters.TryGetSpanId(request, out var spanId, out problem)
            || !QueryParameters.TryGetGenAiOnly(request, out var genAiOnly, out problem))
        {
            return problem!;
        }
        var filter = new SpanFilter { ServiceName = serviceName, SessionId = sessionId, TraceId = traceId, GenAiOnly = genAiOnly ? true : null };
        var logs = await store.ReadLogsAfterAsync(afterSeq, filter, spanId, limit, cancellationToken);
        var page = new LogPage(logs, logs.Count > 0 ? logs[^1].Seq : afterSeq);
        return TypedResults.Json(page, QylJsonContext.Default.LogPage);
    }

    /// <summary>
    /// The trace with its log records. A trace of which only log records are stored (an agent that
    /// logs with a trace context but exports no spans, or spans past retention) is still a trace:
    /// it is returned with no spans rather than 404, so its logs can be found by trace id.
    /// </summary>
    private static async Task<TraceDetail?> WithLogsAsync(TraceDetail? trace, string traceId, ILogStore logStore, CancellationToken cancellationToken)
    {
        var logs = await logStore.GetTraceLogsAsync(traceId, cancellationToken);
        if (trace is null)
        {
            return logs.Count == 0 ? null : new TraceDetail(traceId, []) { Logs = logs };
        }
        return logs.Count == 0 ? trace : trace with { Logs = logs };
    }
}
