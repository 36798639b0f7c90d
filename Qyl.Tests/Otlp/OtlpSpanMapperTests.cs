using Google.Protobuf;
using Qyl.Contracts;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Common;
using Qyl.Ingest.Otlp.Proto.Trace;

namespace Qyl.Tests.Otlp;

public sealed class OtlpSpanMapperTests
{
    [Fact]
    public void Map_GenAiSpan_LiftsContractFieldsAndKeepsAttributes()
    {
        var span = OtlpPayloads.Span("chat", Convert.FromHexString(OtlpPayloads.TraceIdHex), Convert.FromHexString(OtlpPayloads.SpanIdHex), Convert.FromHexString(OtlpPayloads.ParentIdHex));
        span.Kind = Span.Types.SpanKind.Server;
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.operation.name", "chat"));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.provider.name", "anthropic"));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.system", "ignored-when-provider-set"));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.request.model", "claude"));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.response.model", "claude-1"));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.usage.input_tokens", 10));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.usage.output_tokens", 20));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.agent.name", "planner"));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.tool.name", "search"));
        span.Attributes.Add(OtlpPayloads.Attr("session.id", "s-1"));
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.conversation.id", "conv-ignored"));
        span.Status = new Status { Code = Status.Types.StatusCode.Ok };
        span.Events.Add(new Span.Types.Event { Name = "e", TimeUnixNano = 5, Attributes = { OtlpPayloads.Attr("n", 1) } });

        var batch = OtlpSpanMapper.Map(OtlpPayloads.Request("agent-svc", span));

        Assert.Equal(0, batch.RejectedSpans);
        Assert.Null(batch.ErrorMessage);
        var record = Assert.Single(batch.Spans);
        Assert.Equal(OtlpPayloads.TraceIdHex, record.TraceId);
        Assert.Equal(OtlpPayloads.SpanIdHex, record.SpanId);
        Assert.Equal(OtlpPayloads.ParentIdHex, record.ParentSpanId);
        Assert.Equal(SpanKinds.Server, record.Kind);
        Assert.Equal("agent-svc", record.ServiceName);
        Assert.Equal("s-1", record.SessionId);
        Assert.Equal(250, record.DurationMs);
        Assert.Equal(SpanStatuses.Ok, record.Status);
        Assert.Null(record.StatusMessage);
        Assert.Equal("qyl.tests", record.ScopeName);
        Assert.Equal(new GenAiInfo
        {
            OperationName = "chat", ProviderName = "anthropic", RequestModel = "claude", ResponseModel = "claude-1",
            InputTokens = 10, OutputTokens = 20, AgentName = "planner", ToolName = "search",
        }, record.GenAi);
        Assert.Equal("chat", record.Attributes["gen_ai.operation.name"]);
        Assert.Equal("agent-svc", record.ResourceAttributes["service.name"]);
        var e = Assert.Single(record.Events);
        Assert.Equal(("e", 5L, 1L), (e.Name, e.TimeUnixNano, (long)e.Attributes["n"]!));
    }

    [Fact]
    public void Map_NoServiceNameNoGenAi_UsesDefaults()
    {
        var request = OtlpPayloads.Request("x", OtlpPayloads.Span("plain"));
        request.ResourceSpans[0].Resource.Attributes.Clear();
        request.ResourceSpans[0].ScopeSpans[0].Scope = null;
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(OtlpPayloads.Attr("gen_ai.conversation.id", "conv-9"));
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Kind = Span.Types.SpanKind.Unspecified;

        var record = Assert.Single(OtlpSpanMapper.Map(request).Spans);

        Assert.Equal("unknown_service", record.ServiceName);
        Assert.Equal("conv-9", record.SessionId);
        Assert.Null(record.GenAi);
        Assert.Null(record.ParentSpanId);
        Assert.Null(record.ScopeName);
        Assert.Equal(SpanKinds.Internal, record.Kind);
        Assert.Equal(SpanStatuses.Unset, record.Status);
    }

    [Fact]
    public void Map_AnyValueKinds_MapToJsonShapedValues()
    {
        var span = OtlpPayloads.Span("values");
        var array = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 2 } } };
        var list = new KeyValueList { Values = { OtlpPayloads.Attr("k", "v") } };
        span.Attributes.Add(new KeyValue { Key = "b", Value = new AnyValue { BoolValue = true } });
        span.Attributes.Add(new KeyValue { Key = "d", Value = new AnyValue { DoubleValue = 1.5 } });
        span.Attributes.Add(new KeyValue { Key = "bytes", Value = new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) } });
        span.Attributes.Add(new KeyValue { Key = "arr", Value = new AnyValue { ArrayValue = array } });
        span.Attributes.Add(new KeyValue { Key = "kv", Value = new AnyValue { KvlistValue = list } });
        span.Attributes.Add(new KeyValue { Key = "empty", Value = new AnyValue() });

        var attributes = Assert.Single(OtlpSpanMapper.Map(OtlpPayloads.Request("svc", span)).Spans).Attributes;

        Assert.Equal(true, attributes["b"]);
        Assert.Equal(1.5, attributes["d"]);
        Assert.Equal("AQID", attributes["bytes"]);
        Assert.Equal(new object?[] { "a", 2L }, Assert.IsType<object?[]>(attributes["arr"]));
        Assert.Equal("v", Assert.IsType<Dictionary<string, object?>>(attributes["kv"])["k"]);
        Assert.Null(attributes["empty"]);
    }

    [Fact]
    public void Map_BadIds_RejectsOnlyThoseSpansWithExactCountAndMessage()
    {
        var batch = OtlpSpanMapper.Map(OtlpPayloads.WithBadIds("svc"));

        Assert.Equal(["good-1", "good-2"], batch.Spans.Select(s => s.Name));
        Assert.Equal(3, batch.RejectedSpans);
        Assert.Equal(5, batch.TotalSpans);
        Assert.Equal("3 span(s) rejected; first: span 'bad-trace': trace id must be 16 bytes, got 4", batch.ErrorMessage);
    }

    [Fact]
    public void Map_ErrorStatus_CarriesMessage()
    {
        var span = OtlpPayloads.Span("failing");
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };

        var record = Assert.Single(OtlpSpanMapper.Map(OtlpPayloads.Request("svc", span)).Spans);

        Assert.Equal((SpanStatuses.Error, "boom"), (record.Status, record.StatusMessage));
    }
}
