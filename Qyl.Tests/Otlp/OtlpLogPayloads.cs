using Google.Protobuf;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;
using Qyl.Ingest.Otlp.Proto.Common;
using Qyl.Ingest.Otlp.Proto.Logs;
using Qyl.Ingest.Otlp.Proto.Resource;

namespace Qyl.Tests.Otlp;

/// <summary>OTLP logs requests for tests, hand-written: protobuf messages and OTLP/JSON text.</summary>
internal static class OtlpLogPayloads
{
    public static LogRecord Record(string body, byte[]? traceId = null, byte[]? spanId = null) => new()
    {
        TimeUnixNano = 1_700_000_000_000_000_000UL,
        ObservedTimeUnixNano = 1_700_000_000_100_000_000UL,
        SeverityNumber = SeverityNumber.Info,
        SeverityText = "INFO",
        Body = new AnyValue { StringValue = body },
        TraceId = traceId is null ? ByteString.Empty : ByteString.CopyFrom(traceId),
        SpanId = spanId is null ? ByteString.Empty : ByteString.CopyFrom(spanId),
    };

    /// <summary>A request with the records under one resource (<paramref name="serviceName"/>) and scope.</summary>
    public static ExportLogsServiceRequest Request(string serviceName, params LogRecord[] records)
    {
        var resource = new Resource();
        resource.Attributes.Add(OtlpPayloads.Attr("service.name", serviceName));
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "qyl.tests.logs", Version = "1.0" } };
        scope.LogRecords.Add(records);
        var resourceLogs = new ResourceLogs { Resource = resource };
        resourceLogs.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resourceLogs);
        return request;
    }

    /// <summary><paramref name="count"/> records of one trace, bodies <c>line-i</c>.</summary>
    public static ExportLogsServiceRequest Valid(string serviceName, byte[] traceId, int count) =>
        Request(serviceName, [.. Enumerable.Range(0, count).Select(i => Record($"line-{i}", traceId, OtlpPayloads.RandomBytes(8)))]);

    /// <summary>Two good records and three bad ones (5-byte trace id, 9-byte span id, 1-byte trace id): 3 rejected.</summary>
    public static ExportLogsServiceRequest WithBadIds(string serviceName) => Request(
        serviceName,
        Record("good-1"),
        Record("bad-trace", traceId: OtlpPayloads.RandomBytes(5)),
        Record("good-2", OtlpPayloads.RandomBytes(16), OtlpPayloads.RandomBytes(8)),
        Record("bad-span", spanId: OtlpPayloads.RandomBytes(9)),
        Record("bad-trace-2", traceId: [1]));

    /// <summary>
    /// A GenAI event record in OTLP/JSON as the specification's encoding writes it: event_name, a
    /// kvlist body, string-encoded 64-bit numbers, an enum by name, and a record that only has an
    /// observed time and <c>event.name</c> as an attribute.
    /// </summary>
    public static string Json(string serviceName, string traceId, string spanId) => $$"""
        {
          "resourceLogs": [{
            "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "{{serviceName}}" } } ] },
            "scopeLogs": [{
              "scope": { "name": "agent.runtime", "version": "2.0" },
              "logRecords": [
                {
                  "timeUnixNano": "1544712660300000000",
                  "observedTimeUnixNano": "1544712660300000500",
                  "severityNumber": "SEVERITY_NUMBER_INFO",
                  "severityText": "Information",
                  "eventName": "gen_ai.user.message",
                  "traceId": "{{traceId}}",
                  "spanId": "{{spanId}}",
                  "body": { "kvlistValue": { "values": [
                    { "key": "content", "value": { "stringValue": "What is the weather in Paris?" } },
                    { "key": "tokens", "value": { "intValue": "7" } }
                  ] } },
                  "attributes": [
                    { "key": "gen_ai.system", "value": { "stringValue": "openai" } },
                    { "key": "session.id", "value": { "stringValue": "sess-json" } }
                  ],
                  "futureField": 1
                },
                {
                  "observedTimeUnixNano": 1544712661000000000,
                  "severity_number": 17,
                  "body": { "stringValue": "tool failed" },
                  "attributes": [
                    { "key": "event.name", "value": { "stringValue": "agent.tool.error" } },
                    { "key": "gen_ai.conversation.id", "value": { "stringValue": "conv-json" } }
                  ]
                }
              ]
            }]
          }]
        }
        """;
}
