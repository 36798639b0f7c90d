using Google.Protobuf;
using Qyl.Contracts;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Proto.Resource;
using Qyl.Ingest.Otlp.Proto.Trace;
using OtlpSpan = Qyl.Ingest.Otlp.Proto.Trace.Span;

namespace Qyl.Ingest.Otlp;

/// <summary>
/// OTLP spans to <see cref="SpanRecord"/>s (CONTRACT.md "Span record"). Pure: no I/O, no clock.
/// Each span is checked on its own, so one bad span never sinks its batch and the partial-success
/// count is exact.
/// </summary>
/// <remarks>
/// Lifted attributes (<c>session.id</c>, <c>gen_ai.*</c>) also stay in <see cref="SpanRecord.Attributes"/>:
/// a reader looking at raw attributes sees everything the SDK sent, and the lifted fields are a
/// convenience, not a move. <c>service.name</c> likewise stays in the resource attributes.
/// </remarks>
public static class OtlpSpanMapper
{
    /// <summary>The service name when the resource has no <c>service.name</c> (the OpenTelemetry default).</summary>
    public const string UnknownService = "unknown_service";

    /// <summary>Maps every span of <paramref name="request"/>, rejecting those with malformed ids.</summary>
    public static OtlpMappedBatch Map(ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spans = new List<SpanRecord>();
        var rejected = 0;
        string? firstError = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = resourceSpans.Resource ?? new Resource();
            var serviceName = OtlpAttributes.FindString(resource.Attributes, "service.name");
            if (string.IsNullOrEmpty(serviceName))
            {
                serviceName = UnknownService;
            }
            var resourceAttributes = OtlpAttributes.ToDictionary(resource.Attributes);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scopeName = string.IsNullOrEmpty(scopeSpans.Scope?.Name) ? null : scopeSpans.Scope.Name;
                foreach (var span in scopeSpans.Spans)
                {
                    var error = Validate(span);
                    if (error is not null)
                    {
                        rejected++;
                        firstError ??= $"span '{span.Name}': {error}";
                        continue;
                    }
                    // Records are immutable once stored, so spans of one resource may share one
                    // dictionary; copying per span would multiply the resource's cost by the batch size.
                    spans.Add(MapSpan(span, serviceName, resourceAttributes, scopeName));
                }
            }
        }
        var errorMessage = rejected == 0 ? null : $"{rejected} span(s) rejected; first: {firstError}";
        return new OtlpMappedBatch(spans, rejected, errorMessage);
    }

    /// <summary>Maps one span that passed validation.</summary>
    internal static SpanRecord MapSpan(OtlpSpan span, string serviceName, Dictionary<string, object?> resourceAttributes, string? scopeName)
    {
        var attributes = span.Attributes;
        var start = (long)span.StartTimeUnixNano;
        var end = (long)span.EndTimeUnixNano;
        return new SpanRecord
        {
            TraceId = Convert.ToHexStringLower(span.TraceId.Span),
            SpanId = Convert.ToHexStringLower(span.SpanId.Span),
            ParentSpanId = IsEmptyParent(span.ParentSpanId) ? null : Convert.ToHexStringLower(span.ParentSpanId.Span),
            Name = span.Name,
            Kind = MapKind(span.Kind),
            ServiceName = serviceName,
            SessionId = OtlpAttributes.FindString(attributes, "session.id") ?? OtlpAttributes.FindString(attributes, "gen_ai.conversation.id"),
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            // A span ending before it started is the sender's clock problem; a negative duration
            // would only break sorting and sums downstream.
            DurationMs = end > start ? (end - start) / 1_000_000.0 : 0,
            Status = MapStatus(span.Status?.Code ?? Status.Types.StatusCode.Unset),
            StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            GenAi = MapGenAi(span),
            Attributes = OtlpAttributes.ToDictionary(attributes),
            ResourceAttributes = resourceAttributes,
            Events = MapEvents(span),
            ScopeName = scopeName,
        };
    }

    private static string? Validate(OtlpSpan span)
    {
        if (span.TraceId.Length != 16)
        {
            return $"trace id must be 16 bytes, got {span.TraceId.Length}";
        }
        if (span.SpanId.Length != 8)
        {
            return $"span id must be 8 bytes, got {span.SpanId.Length}";
        }
        if (span.ParentSpanId.Length is not (0 or 8))
        {
            return $"parent span id must be empty or 8 bytes, got {span.ParentSpanId.Length}";
        }
        return null;
    }

    // Some exporters write eight zero bytes instead of leaving the parent empty; both mean "root".
    private static bool IsEmptyParent(ByteString parent) => parent.Length == 0 || !parent.Span.ContainsAnyExcept((byte)0);

    private static string MapKind(OtlpSpan.Types.SpanKind kind) => kind switch
    {
        OtlpSpan.Types.SpanKind.Server => SpanKinds.Server,
        OtlpSpan.Types.SpanKind.Client => SpanKinds.Client,
        OtlpSpan.Types.SpanKind.Producer => SpanKinds.Producer,
        OtlpSpan.Types.SpanKind.Consumer => SpanKinds.Consumer,
        _ => SpanKinds.Internal,
    };

    private static string MapStatus(Status.Types.StatusCode code) => code switch
    {
        Status.Types.StatusCode.Ok => SpanStatuses.Ok,
        Status.Types.StatusCode.Error => SpanStatuses.Error,
        _ => SpanStatuses.Unset,
    };

    private static GenAiInfo? MapGenAi(OtlpSpan span)
    {
        var attributes = span.Attributes;
        var operation = OtlpAttributes.FindString(attributes, "gen_ai.operation.name");
        if (operation is null)
        {
            return null;
        }
        return new GenAiInfo
        {
            OperationName = operation,
            ProviderName = OtlpAttributes.FindString(attributes, "gen_ai.provider.name") ?? OtlpAttributes.FindString(attributes, "gen_ai.system"),
            RequestModel = OtlpAttributes.FindString(attributes, "gen_ai.request.model"),
            ResponseModel = OtlpAttributes.FindString(attributes, "gen_ai.response.model"),
            InputTokens = OtlpAttributes.FindLong(attributes, "gen_ai.usage.input_tokens"),
            OutputTokens = OtlpAttributes.FindLong(attributes, "gen_ai.usage.output_tokens"),
            AgentName = OtlpAttributes.FindString(attributes, "gen_ai.agent.name"),
            ToolName = OtlpAttributes.FindString(attributes, "gen_ai.tool.name"),
        };
    }

    private static List<SpanEventRecord> MapEvents(OtlpSpan span)
    {
        var events = new List<SpanEventRecord>(span.Events.Count);
        foreach (var e in span.Events)
        {
            events.Add(new SpanEventRecord
            {
                Name = e.Name,
                TimeUnixNano = (long)e.TimeUnixNano,
                Attributes = OtlpAttributes.ToDictionary(e.Attributes),
            });
        }
        return events;
    }
}

/// <summary>The outcome of mapping one export request.</summary>
/// <param name="Spans">The spans that mapped, in request order.</param>
/// <param name="RejectedSpans">Spans rejected for malformed ids.</param>
/// <param name="ErrorMessage">Why, for <c>partialSuccess.errorMessage</c>; null when nothing was rejected.</param>
public sealed record OtlpMappedBatch(IReadOnlyList<SpanRecord> Spans, int RejectedSpans, string? ErrorMessage)
{
    /// <summary>Every span in the request, accepted or not.</summary>
    public int TotalSpans => Spans.Count + RejectedSpans;
}
