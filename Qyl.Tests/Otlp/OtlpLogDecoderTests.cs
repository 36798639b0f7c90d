using System.Text;
using Google.Protobuf;
using Qyl.Contracts;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Logs;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;
using Qyl.Ingest.Otlp.Proto.Common;
using Qyl.Ingest.Otlp.Protobuf;
using Qyl.Tests.Storage;
using OtlpLogRecord = Qyl.Ingest.Otlp.Proto.Logs.LogRecord;

namespace Qyl.Tests.Otlp;

/// <summary>
/// The logs decoders: the fast protobuf decoder must produce exactly what the generated parser and
/// <see cref="OtlpLogMapper"/> (the reference) produce, and OTLP/JSON must map as the spec encodes it.
/// </summary>
public sealed class OtlpLogDecoderTests
{
    private static ExportLogsServiceRequest Rich()
    {
        var trace = OtlpPayloads.RandomBytes(16);
        var withEverything = OtlpLogPayloads.Record("hello", trace, OtlpPayloads.RandomBytes(8));
        withEverything.EventName = "gen_ai.choice";
        withEverything.Attributes.Add(OtlpPayloads.Attr("event.name", "ignored.because.field.wins"));
        withEverything.Attributes.Add(OtlpPayloads.Attr("gen_ai.conversation.id", "conv-1"));
        withEverything.Attributes.Add(OtlpPayloads.Attr("session.id", "sess-1"));
        withEverything.Attributes.Add(new KeyValue { Key = "ratio", Value = new AnyValue { DoubleValue = 0.5 } });
        withEverything.Body = new AnyValue
        {
            KvlistValue = new KeyValueList
            {
                Values =
                {
                    OtlpPayloads.Attr("content", "hi"),
                    new KeyValue { Key = "list", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { BoolValue = true } } } } },
                },
            },
        };
        var observedOnly = OtlpLogPayloads.Record("observed only", trace);
        observedOnly.TimeUnixNano = 0;
        observedOnly.Attributes.Add(OtlpPayloads.Attr("event.name", "app.started"));
        observedOnly.Attributes.Add(OtlpPayloads.Attr("gen_ai.conversation.id", "conv-2"));
        var zeroIds = OtlpLogPayloads.Record("zero ids", new byte[16], new byte[8]);
        var noBody = new OtlpLogRecord { SeverityNumber = (Qyl.Ingest.Otlp.Proto.Logs.SeverityNumber)30, Flags = 1 };
        var request = OtlpLogPayloads.Request("rich-logs", withEverything, observedOnly, zeroIds, noBody, OtlpLogPayloads.Record("bad", spanId: [1, 2, 3]));
        // A second resource with the same service, and one without a service name.
        request.ResourceLogs.Add(OtlpLogPayloads.Request("rich-logs", OtlpLogPayloads.Record("second resource")).ResourceLogs[0]);
        request.ResourceLogs.Add(new Qyl.Ingest.Otlp.Proto.Logs.ResourceLogs { ScopeLogs = { new Qyl.Ingest.Otlp.Proto.Logs.ScopeLogs { LogRecords = { OtlpLogPayloads.Record("no service") } } } });
        return request;
    }

    [Fact]
    public void DecodeLogs_RichRequest_SameAsGeneratedParserAndMapper()
    {
        var request = Rich();
        var bytes = request.ToByteArray();

        var fast = OtlpProtobufDecoder.DecodeLogs(bytes);
        var reference = OtlpLogMapper.Map(ExportLogsServiceRequest.Parser.ParseFrom(bytes));

        Assert.Equal(reference.RejectedLogRecords, fast.RejectedLogRecords);
        Assert.Equal(reference.ErrorMessage, fast.ErrorMessage);
        Assert.Equal(reference.Logs, fast.Logs, LogComparer.Instance);
        Assert.Equal(6, fast.Logs.Count);
        Assert.Equal(1, fast.RejectedLogRecords);
        Assert.Equal("1 log record(s) rejected; first: log record 4: span id must be empty or 8 bytes, got 3", fast.ErrorMessage);
    }

    [Fact]
    public void DecodeLogs_RichRequest_MapsContractFields()
    {
        var logs = OtlpProtobufDecoder.DecodeLogs(Rich().ToByteArray()).Logs;

        var first = logs[0];
        Assert.Equal(("rich-logs", "qyl.tests.logs", "gen_ai.choice", "sess-1"), (first.ServiceName, first.ScopeName, first.EventName, first.SessionId));
        Assert.Equal((9, "INFO"), (first.SeverityNumber, first.SeverityText));
        Assert.Matches("^[0-9a-f]{32}$", first.TraceId!);
        Assert.Matches("^[0-9a-f]{16}$", first.SpanId!);
        Assert.Equal(1_700_000_000_000_000_000L, first.TimeUnixNano);
        var body = Assert.IsType<Dictionary<string, object?>>(first.Body);
        Assert.Equal("hi", body["content"]);
        Assert.Equal(new object?[] { 1L, true }, body["list"]);
        Assert.Equal(0.5, first.Attributes["ratio"]);

        var observedOnly = logs[1];
        Assert.Equal(1_700_000_000_100_000_000L, observedOnly.TimeUnixNano);
        Assert.Equal(("app.started", "conv-2", null), (observedOnly.EventName, observedOnly.SessionId, observedOnly.SpanId));
        Assert.Equal((null, null), (logs[2].TraceId, logs[2].SpanId));
        Assert.Equal((30, null, null, null), (logs[3].SeverityNumber, logs[3].SeverityText, logs[3].Body, logs[3].EventName));
        Assert.Equal(OtlpSpanMapper.UnknownService, logs[^1].ServiceName);
        // Records of one resource share its dictionary, as spans do.
        Assert.Same(logs[0].ResourceAttributes, logs[3].ResourceAttributes);
    }

    [Fact]
    public void DecodeLogs_MalformedBytes_ThrowsDecodeException()
    {
        var valid = OtlpLogPayloads.Request("m", OtlpLogPayloads.Record("x")).ToByteArray();

        Assert.Throws<OtlpDecodeException>(() => OtlpProtobufDecoder.DecodeLogs([.. valid, 0x0a, 0x05, 0x12]));
        Assert.Throws<OtlpDecodeException>(() => OtlpProtobufDecoder.DecodeLogs(valid[..^2]));
    }

    [Fact]
    public void DecodeLogsJson_SpecEncoding_MapsEveryField()
    {
        var traceId = "5B8EFFF798038103D269B633813FC60C";
        var json = Encoding.UTF8.GetBytes(OtlpLogPayloads.Json("json-logs", traceId, "eee19b7ec3c1b174"));

        var batch = OtlpLogMapper.Map(OtlpJsonDecoder.DecodeLogs(json));

        Assert.Equal(0, batch.RejectedLogRecords);
        var (message, error) = (batch.Logs[0], batch.Logs[1]);
        Assert.Equal(traceId.ToLowerInvariant(), message.TraceId);
        Assert.Equal(("eee19b7ec3c1b174", "gen_ai.user.message", "sess-json", 9, "Information"), (message.SpanId, message.EventName, message.SessionId, message.SeverityNumber, message.SeverityText));
        Assert.Equal((1544712660300000000L, 1544712660300000500L), (message.TimeUnixNano, message.ObservedTimeUnixNano));
        Assert.Equal(new Dictionary<string, object?> { ["content"] = "What is the weather in Paris?", ["tokens"] = 7L }, message.Body);
        Assert.Equal(("json-logs", "agent.runtime"), (message.ServiceName, message.ScopeName));
        Assert.Equal((1544712661000000000L, 17, "agent.tool.error", "conv-json", "tool failed"), (error.TimeUnixNano, error.SeverityNumber, error.EventName, error.SessionId, error.Body));
        Assert.Null(error.TraceId);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"resourceLogs": {}}""", "must be an array")]
    [InlineData("""{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"severityNumber": "LOUD"}]}]}]}""", "SEVERITY_NUMBER_")]
    [InlineData("""{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"timeUnixNano": true}]}]}]}""", "must be an integer")]
    public void DecodeLogsJson_Malformed_ThrowsWithReason(string json, string reason)
    {
        var ex = Assert.Throws<OtlpDecodeException>(() => OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeLogsJson_NonHexIds_RejectsOnlyThatRecord()
    {
        var json = """{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"traceId": "zz"}, {"body": {"stringValue": "ok"}}, {"spanId": "abc"}]}]}]}""";

        var batch = OtlpLogMapper.Map(OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(2, batch.RejectedLogRecords);
        Assert.Equal("ok", Assert.Single(batch.Logs).Body);
    }
}
