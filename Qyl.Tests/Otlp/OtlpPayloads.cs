using Google.Protobuf;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Proto.Common;
using Qyl.Ingest.Otlp.Proto.Resource;
using Qyl.Ingest.Otlp.Proto.Trace;
using OtlpSpan = Qyl.Ingest.Otlp.Proto.Trace.Span;

namespace Qyl.Tests.Otlp;

/// <summary>OTLP requests for tests: valid spans with GenAI attributes, and spans with broken ids.</summary>
internal static class OtlpPayloads
{
    public const string TraceIdHex = "5b8efff798038103d269b633813fc60c";
    public const string SpanIdHex = "eee19b7ec3c1b174";
    public const string ParentIdHex = "eee19b7ec3c1b173";

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static OtlpSpan Span(string name, byte[]? traceId = null, byte[]? spanId = null, byte[]? parentId = null) => new()
    {
        TraceId = ByteString.CopyFrom(traceId ?? RandomBytes(16)),
        SpanId = ByteString.CopyFrom(spanId ?? RandomBytes(8)),
        ParentSpanId = parentId is null ? ByteString.Empty : ByteString.CopyFrom(parentId),
        Name = name,
        Kind = OtlpSpan.Types.SpanKind.Client,
        StartTimeUnixNano = 1_700_000_000_000_000_000UL,
        EndTimeUnixNano = 1_700_000_000_250_000_000UL,
    };

    /// <summary>A request with the spans under one resource (<paramref name="serviceName"/>) and scope.</summary>
    public static ExportTraceServiceRequest Request(string serviceName, params OtlpSpan[] spans)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attr("service.name", serviceName));
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "qyl.tests", Version = "1.0" } };
        scope.Spans.Add(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    /// <summary>Valid spans with unique ids, each named <c>op-i</c>.</summary>
    public static ExportTraceServiceRequest Valid(string serviceName, int count) =>
        Request(serviceName, [.. Enumerable.Range(0, count).Select(i => Span($"op-{i}"))]);

    /// <summary>
    /// Two good spans and three bad ones (short trace id, long span id, 3-byte parent id): 3 rejected.
    /// </summary>
    public static ExportTraceServiceRequest WithBadIds(string serviceName) => Request(
        serviceName,
        Span("good-1"),
        Span("bad-trace", traceId: RandomBytes(4)),
        Span("good-2"),
        Span("bad-span", spanId: RandomBytes(9)),
        Span("bad-parent", parentId: RandomBytes(3)));

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        bytes[0] |= 1; // never all zero
        return bytes;
    }

    /// <summary>An OTLP/JSON request in the shape of the OTLP specification's example, with GenAI attributes.</summary>
    public static string Json(string serviceName, string traceId = TraceIdHex, string spanId = SpanIdHex) => $$"""
        {
          "resourceSpans": [{
            "resource": { "attributes": [
              { "key": "service.name", "value": { "stringValue": "{{serviceName}}" } },
              { "key": "host.cpus", "value": { "intValue": "8" } }
            ] },
            "scopeSpans": [{
              "scope": { "name": "my.library", "version": "1.0.0" },
              "spans": [{
                "traceId": "{{traceId}}",
                "spanId": "{{spanId}}",
                "parentSpanId": "{{ParentIdHex}}",
                "name": "chat gpt-4o",
                "kind": 3,
                "startTimeUnixNano": "1544712660000000000",
                "endTimeUnixNano": 1544712661500000000,
                "attributes": [
                  { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
                  { "key": "gen_ai.system", "value": { "stringValue": "openai" } },
                  { "key": "gen_ai.request.model", "value": { "stringValue": "gpt-4o" } },
                  { "key": "gen_ai.usage.input_tokens", "value": { "intValue": "12" } },
                  { "key": "gen_ai.usage.output_tokens", "value": { "intValue": 34 } },
                  { "key": "gen_ai.conversation.id", "value": { "stringValue": "conv-1" } },
                  { "key": "ratio", "value": { "doubleValue": 0.5 } },
                  { "key": "flag", "value": { "boolValue": true } },
                  { "key": "raw", "value": { "bytesValue": "AQID" } },
                  { "key": "list", "value": { "arrayValue": { "values": [ { "stringValue": "a" }, { "intValue": "2" } ] } } },
                  { "key": "map", "value": { "kvlistValue": { "values": [ { "key": "k", "value": { "stringValue": "v" } } ] } } }
                ],
                "events": [{ "timeUnixNano": "1544712660500000000", "name": "gen_ai.choice", "attributes": [ { "key": "index", "value": { "intValue": "0" } } ] }],
                "status": { "code": "STATUS_CODE_ERROR", "message": "rate limited" },
                "someFutureField": { "ignored": true }
              }]
            }]
          }]
        }
        """;
}
