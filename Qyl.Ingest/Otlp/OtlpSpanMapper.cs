using Qyl.Contracts;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Proto.Resource;
using Qyl.Ingest.Otlp.Proto.Trace;
using OtlpSpan = Qyl.Ingest.Otlp.Proto.Trace.Span;

namespace Qyl.Ingest.Otlp;

/// <summary>
/// OTLP spans to <see cref="SpanRecord"/>s (docs/api.md "The span record") from the generated message
/// classes: the path of OTLP/JSON, and the reference that <see cref="Protobuf.OtlpProtobufDecoder"/>
/// (protobuf, the hot path) is tested against. Pure: no I/O, no clock. Each span is checked on its
/// own, so one bad span never sinks its batch and the partial-success count is exact. The rules
/// themselves live in <see cref="OtlpSpanRules"/> and <see cref="OtlpLiftedAttributes"/>, shared by both paths.
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
            string? serviceName = null;
            var resourceAttributes = OtlpAttributes.ToDictionary(resource.Attributes, ref serviceName);
            var service = OtlpLiftedAttributes.ServiceNameOrDefault(serviceName);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scopeName = OtlpSpanRules.NullIfEmpty(scopeSpans.Scope?.Name);
                foreach (var span in scopeSpans.Spans)
                {
                    var error = OtlpSpanRules.ValidateIds(span.TraceId.Length, span.SpanId.Length, span.ParentSpanId.Length);
                    if (error is not null)
                    {
                        rejected++;
                        firstError ??= OtlpSpanRules.RejectedSpan(span.Name, error);
                        continue;
                    }
                    // Records are immutable once stored, so spans of one resource may share one
                    // dictionary; copying per span would multiply the resource's cost by the batch size.
                    spans.Add(MapSpan(span, service, resourceAttributes, scopeName));
                }
            }
        }
        return new OtlpMappedBatch(spans, rejected, OtlpSpanRules.RejectionSummary(rejected, firstError));
    }

    /// <summary>Maps one span that passed validation.</summary>
    internal static SpanRecord MapSpan(OtlpSpan span, string serviceName, Dictionary<string, object?> resourceAttributes, string? scopeName)
    {
        var lifted = default(OtlpLiftedAttributes);
        var attributes = OtlpAttributes.ToDictionary(span.Attributes, ref lifted);
        var start = (long)span.StartTimeUnixNano;
        var end = (long)span.EndTimeUnixNano;
        return OtlpPendingSpans.Apply(new SpanRecord
        {
            TraceId = OtlpSpanRules.Hex(span.TraceId.Span),
            SpanId = OtlpSpanRules.Hex(span.SpanId.Span),
            ParentSpanId = OtlpSpanRules.IsRootParent(span.ParentSpanId.Span) ? null : OtlpSpanRules.Hex(span.ParentSpanId.Span),
            Name = span.Name,
            Kind = OtlpSpanRules.Kind((int)span.Kind),
            ServiceName = serviceName,
            SessionId = lifted.SessionId,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            DurationMs = OtlpSpanRules.DurationMs(start, end),
            Status = OtlpSpanRules.Status((int)(span.Status?.Code ?? Status.Types.StatusCode.Unset)),
            StatusMessage = OtlpSpanRules.NullIfEmpty(span.Status?.Message),
            GenAi = lifted.GenAi,
            Attributes = attributes,
            ResourceAttributes = resourceAttributes,
            Events = MapEvents(span),
            ScopeName = scopeName,
        });
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
