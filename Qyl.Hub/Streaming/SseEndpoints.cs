using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// <c>GET /api/v1/events/spans[/filter]</c> and <c>GET /api/v1/events/logs[/filter]</c>: the live
/// feeds as Server-Sent Events, for curl and EventSource. Same machinery as the hub: one subscription in a bounded outbox, replay after
/// Last-Event-ID (or <c>?lastEventId=</c>) then live spans, no gap and no duplicate.
/// </summary>
internal static class SseEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/events");
        group.MapGet("/spans", (HttpContext context, SpanFanout fanout) => StreamAsync(context, fanout, SpanFilter.All with { View = ViewOf(context) }, SubscriptionKind.Spans));
        group.MapGet("/spans/filter", (HttpContext context, SpanFanout fanout) => StreamFilteredAsync(context, fanout, SubscriptionKind.Spans));
        group.MapGet("/logs", (HttpContext context, SpanFanout fanout) => StreamAsync(context, fanout, SpanFilter.All with { View = ViewOf(context) }, SubscriptionKind.Logs));
        group.MapGet("/logs/filter", (HttpContext context, SpanFanout fanout) => StreamFilteredAsync(context, fanout, SubscriptionKind.Logs));
    }

    private static Task<IResult> StreamFilteredAsync(HttpContext context, SpanFanout fanout, SubscriptionKind kind)
    {
        var query = context.Request.Query;
        bool? genAiOnly = null;
        var raw = query["genAiOnly"].ToString();
        if (raw.Length > 0)
        {
            if (!bool.TryParse(raw, out var parsed))
            {
                return Task.FromResult(Problem($"genAiOnly must be true or false; it is '{raw}'."));
            }
            genAiOnly = parsed;
        }
        var filter = new SpanFilter
        {
            ServiceName = query["serviceName"].ToString(),
            SessionId = query["sessionId"].ToString(),
            TraceId = query["traceId"].ToString(),
            GenAiOnly = genAiOnly,
            View = ViewOf(context),
        };
        return StreamAsync(context, fanout, filter, kind);
    }

    // ?view=summary|full; an absent or empty parameter is the full view.
    private static string? ViewOf(HttpContext context) =>
        context.Request.Query["view"] is { Count: > 0 } view ? view.ToString() : null;

    private static async Task<IResult> StreamAsync(HttpContext context, SpanFanout fanout, SpanFilter filter, SubscriptionKind kind)
    {
        if (ConnectionOutbox.ViewErrorOf(filter, kind) is { } viewError)
        {
            return Problem(viewError);
        }
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length == 0)
        {
            lastEventId = context.Request.Query["lastEventId"].ToString();
        }
        long? resumeAfterSeq = null;
        if (lastEventId.Length > 0)
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return Problem($"Last-Event-ID (or lastEventId) must be the seq of a received event; it is '{lastEventId}'.");
            }
            resumeAfterSeq = seq;
        }

        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<StreamingOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<SpanFanout>>();

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var connectionId = "sse:" + context.TraceIdentifier;
        var sink = new SseOutboxSink(response, TimeSpan.FromSeconds(options.SseHeartbeatSeconds));
        using var stream = fanout.OpenStream(connectionId, sink, filter, resumeAfterSeq, kind);
        StreamingLog.SseOpened(logger, connectionId, stream.Key, resumeAfterSeq);
        // Headers go out only once the subscription is live, so a client that sees them misses nothing.
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        // Ends on client disconnect or host shutdown, so stopping never waits on open streams.
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        await stream.RunAsync(ended.Token).ConfigureAwait(false);
        return Results.Empty;
    }

    private static IResult Problem(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}
