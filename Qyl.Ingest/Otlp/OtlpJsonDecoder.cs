using System.Text.Json;
using Google.Protobuf;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Proto.Common;
using Qyl.Ingest.Otlp.Proto.Resource;
using Qyl.Ingest.Otlp.Proto.Trace;
using OtlpSpan = Qyl.Ingest.Otlp.Proto.Trace.Span;

namespace Qyl.Ingest.Otlp;

/// <summary>
/// Decodes the OTLP/JSON encoding of <see cref="ExportTraceServiceRequest"/>. It differs from the
/// generic proto3 JSON mapping in one way that rules out <see cref="JsonParser"/>: trace and span ids
/// are hex, not base64. Otherwise it follows proto3 JSON: lowerCamelCase names (original snake_case
/// names accepted too), 64-bit integers as strings or numbers, enums as integers or names, null as
/// absent, and unknown fields ignored (the OTLP spec asks receivers to ignore them).
/// </summary>
public static partial class OtlpJsonDecoder
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64 };

    /// <summary>Decodes <paramref name="utf8Json"/>, or throws <see cref="OtlpDecodeException"/> saying what is wrong.</summary>
    public static ExportTraceServiceRequest Decode(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, s_options);
        }
        catch (JsonException ex)
        {
            throw new OtlpDecodeException($"The body is not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            var request = new ExportTraceServiceRequest();
            foreach (var property in Properties(document.RootElement, "ExportTraceServiceRequest"))
            {
                if (Name(property) == "resourceSpans")
                {
                    foreach (var item in Items(property))
                    {
                        request.ResourceSpans.Add(ReadResourceSpans(item));
                    }
                }
            }
            return request;
        }
    }

    private static ResourceSpans ReadResourceSpans(JsonElement element)
    {
        var result = new ResourceSpans();
        foreach (var property in Properties(element, "ResourceSpans"))
        {
            switch (Name(property))
            {
                case "resource":
                    result.Resource = ReadResource(property.Value);
                    break;
                case "scopeSpans":
                    foreach (var item in Items(property))
                    {
                        result.ScopeSpans.Add(ReadScopeSpans(item));
                    }
                    break;
                case "schemaUrl":
                    result.SchemaUrl = String(property);
                    break;
            }
        }
        return result;
    }

    private static Resource ReadResource(JsonElement element)
    {
        var result = new Resource();
        foreach (var property in Properties(element, "Resource"))
        {
            switch (Name(property))
            {
                case "attributes":
                    ReadKeyValues(property, result.Attributes);
                    break;
                case "droppedAttributesCount":
                    result.DroppedAttributesCount = (uint)Int64(property);
                    break;
            }
        }
        return result;
    }

    private static ScopeSpans ReadScopeSpans(JsonElement element)
    {
        var result = new ScopeSpans();
        foreach (var property in Properties(element, "ScopeSpans"))
        {
            switch (Name(property))
            {
                case "scope":
                    result.Scope = ReadScope(property.Value);
                    break;
                case "spans":
                    foreach (var item in Items(property))
                    {
                        result.Spans.Add(ReadSpan(item));
                    }
                    break;
                case "schemaUrl":
                    result.SchemaUrl = String(property);
                    break;
            }
        }
        return result;
    }

    private static InstrumentationScope ReadScope(JsonElement element)
    {
        var result = new InstrumentationScope();
        foreach (var property in Properties(element, "InstrumentationScope"))
        {
            switch (Name(property))
            {
                case "name":
                    result.Name = String(property);
                    break;
                case "version":
                    result.Version = String(property);
                    break;
                case "attributes":
                    ReadKeyValues(property, result.Attributes);
                    break;
            }
        }
        return result;
    }

    private static OtlpSpan ReadSpan(JsonElement element)
    {
        var span = new OtlpSpan();
        foreach (var property in Properties(element, "Span"))
        {
            switch (Name(property))
            {
                case "traceId": span.TraceId = HexId(property); break;
                case "spanId": span.SpanId = HexId(property); break;
                case "parentSpanId": span.ParentSpanId = HexId(property); break;
                case "traceState": span.TraceState = String(property); break;
                case "flags": span.Flags = (uint)Int64(property); break;
                case "name": span.Name = String(property); break;
                case "kind": span.Kind = (OtlpSpan.Types.SpanKind)Enum(property, "SPAN_KIND_", ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"]); break;
                case "startTimeUnixNano": span.StartTimeUnixNano = (ulong)Int64(property); break;
                case "endTimeUnixNano": span.EndTimeUnixNano = (ulong)Int64(property); break;
                case "attributes": ReadKeyValues(property, span.Attributes); break;
                case "droppedAttributesCount": span.DroppedAttributesCount = (uint)Int64(property); break;
                case "events":
                    foreach (var item in Items(property))
                    {
                        span.Events.Add(ReadEvent(item));
                    }
                    break;
                case "droppedEventsCount": span.DroppedEventsCount = (uint)Int64(property); break;
                case "droppedLinksCount": span.DroppedLinksCount = (uint)Int64(property); break;
                case "status": span.Status = ReadStatus(property.Value); break;
            }
        }
        // Links are not part of the span record, so they are skipped rather than decoded.
        return span;
    }

    private static OtlpSpan.Types.Event ReadEvent(JsonElement element)
    {
        var result = new OtlpSpan.Types.Event();
        foreach (var property in Properties(element, "Event"))
        {
            switch (Name(property))
            {
                case "timeUnixNano": result.TimeUnixNano = (ulong)Int64(property); break;
                case "name": result.Name = String(property); break;
                case "attributes": ReadKeyValues(property, result.Attributes); break;
                case "droppedAttributesCount": result.DroppedAttributesCount = (uint)Int64(property); break;
            }
        }
        return result;
    }

    private static Status ReadStatus(JsonElement element)
    {
        var result = new Status();
        foreach (var property in Properties(element, "Status"))
        {
            switch (Name(property))
            {
                case "message": result.Message = String(property); break;
                case "code": result.Code = (Status.Types.StatusCode)Enum(property, "STATUS_CODE_", ["UNSET", "OK", "ERROR"]); break;
            }
        }
        return result;
    }
}
