using Qyl.Contracts;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Query;

/// <summary>
/// The JSON query API under <c>/api/v1</c>: services, sessions, traces, one trace (its spans and
/// logs), and spans or log records after a seq (the backfill after a Dropped notice). Bad parameters answer 400 with a problem body naming the
/// parameter (<see cref="QueryParameters"/>); a store that cannot be reached answers 503.
/// </summary>
public static partial class QueryEndpoints
{
    /// <summary>Adds the query API's services.</summary>
    public static IServiceCollection AddQylQueryApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Maps the query API.</summary>
    public static WebApplication MapQylQueryApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1").AddEndpointFilter(StoreUnavailableFilter);
        api.MapGet("/services", GetServicesAsync);
        api.MapGet("/sessions", GetSessionsAsync);
        api.MapGet("/traces", GetTracesAsync);
        api.MapGet("/traces/{traceId}", GetTraceAsync);
        api.MapGet("/spans", GetSpansAsync);
        api.MapGet("/logs", GetLogsAsync);
        return app;
    }

    private static async Task<IResult> GetServicesAsync(ISpanStore store, CancellationToken cancellationToken)
    {
        var services = await store.GetServicesAsync(cancellationToken);
        return TypedResults.Json(services.ToArray(), QylJsonContext.Default.ServiceSummaryArray);
    }

    private static async Task<IResult> GetSessionsAsync(HttpRequest request, ISpanStore store, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryGetText(request, "serviceName", out var serviceName, out var problem)
            || !QueryParameters.TryGetLimit(request, out var limit, out problem))
        {
            return problem!;
        }
        var sessions = await store.GetSessionsAsync(serviceName, limit, cancellationToken);
        return TypedResults.Json(sessions.ToArray(), QylJsonContext.Default.SessionSummaryArray);
    }

    private static async Task<IResult> GetTracesAsync(HttpRequest request, ISpanStore store, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryGetText(request, "serviceName", out var serviceName, out var problem)
            || !QueryParameters.TryGetText(request, "sessionId", out var sessionId, out problem)
            || !QueryParameters.TryGetLimit(request, out var limit, out problem))
        {
            return problem!;
        }
        var traces = await store.GetTracesAsync(serviceName, sessionId, limit, cancellationToken);
        return TypedResults.Json(traces.ToArray(), QylJsonContext.Default.TraceSummaryArray);
    }

    private static async Task<IResult> GetTraceAsync(string traceId, ISpanStore store, ILogStore logStore, CancellationToken cancellationToken)
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
        var trace = await WithLogsAsync(await store.GetTraceAsync(id, cancellationToken), id, logStore, cancellationToken);
        return trace is null
            ? TypedResults.Problem(
                detail: $"No spans or log records of trace '{id}' are stored (never received, or past retention).",
                statusCode: StatusCodes.Status404NotFound,
                title: "Trace not found")
            : TypedResults.Json(trace, QylJsonContext.Default.TraceDetail);
    }

    private static async Task<IResult> GetSpansAsync(HttpRequest request, ISpanStore store, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryGetAfterSeq(request, out var afterSeq, out var problem)
            || !QueryParameters.TryGetLimit(request, out var limit, out problem)
            || !QueryParameters.TryGetText(request, "serviceName", out var serviceName, out problem)
            || !QueryParameters.TryGetText(request, "sessionId", out var sessionId, out problem)
            || !QueryParameters.TryGetTraceId(request, out var traceId, out problem)
            || !QueryParameters.TryGetGenAiOnly(request, out var genAiOnly, out problem))
        {
            return problem!;
        }
        var filter = new SpanFilter { ServiceName = serviceName, SessionId = sessionId, TraceId = traceId, GenAiOnly = genAiOnly ? true : null };
        var spans = await store.ReadAfterAsync(afterSeq, filter, limit, cancellationToken);
        var page = new SpanPage(spans, spans.Count > 0 ? spans[^1].Seq : afterSeq);
        return TypedResults.Json(page, QylJsonContext.Default.SpanPage);
    }

    // A database outage is not the client's fault and not a bug: say so with 503 and a retry hint.
    private static async ValueTask<object?> StoreUnavailableFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StoreUnavailableException ex)
        {
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                detail: ex.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Storage unavailable");
        }
    }
}
