using System.Text;
using Qyl.Contracts;
using Qyl.Ingest.Otlp;

namespace Qyl.Tests.Otlp;

public sealed class OtlpJsonDecoderTests
{
    [Fact]
    public void Decode_SpecShapedJson_MapsEveryField()
    {
        var request = OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(OtlpPayloads.Json("json-svc")));

        var record = Assert.Single(OtlpSpanMapper.Map(request).Spans);
        Assert.Equal(OtlpPayloads.TraceIdHex, record.TraceId);
        Assert.Equal(OtlpPayloads.SpanIdHex, record.SpanId);
        Assert.Equal(OtlpPayloads.ParentIdHex, record.ParentSpanId);
        Assert.Equal("chat gpt-4o", record.Name);
        Assert.Equal(SpanKinds.Client, record.Kind);
        Assert.Equal("json-svc", record.ServiceName);
        Assert.Equal("conv-1", record.SessionId);
        Assert.Equal(1544712660000000000, record.StartTimeUnixNano);
        Assert.Equal(1500, record.DurationMs);
        Assert.Equal((SpanStatuses.Error, "rate limited"), (record.Status, record.StatusMessage));
        Assert.Equal("my.library", record.ScopeName);
        Assert.Equal(new GenAiInfo { OperationName = "chat", ProviderName = "openai", RequestModel = "gpt-4o", InputTokens = 12, OutputTokens = 34 }, record.GenAi);
        Assert.Equal(8L, record.ResourceAttributes["host.cpus"]);
        Assert.Equal(0.5, record.Attributes["ratio"]);
        Assert.Equal(true, record.Attributes["flag"]);
        Assert.Equal("AQID", record.Attributes["raw"]);
        Assert.Equal(new object?[] { "a", 2L }, record.Attributes["list"]);
        Assert.Equal("v", Assert.IsType<Dictionary<string, object?>>(record.Attributes["map"])["k"]);
        var e = Assert.Single(record.Events);
        Assert.Equal(("gen_ai.choice", 1544712660500000000L, 0L), (e.Name, e.TimeUnixNano, (long)e.Attributes["index"]!));
    }

    [Fact]
    public void Decode_SnakeCaseNamesAndEnumNames_Accepted()
    {
        var json = $$"""{"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"{{OtlpPayloads.TraceIdHex}}","span_id":"{{OtlpPayloads.SpanIdHex}}","name":"n","kind":"SPAN_KIND_CONSUMER"}]}]}]}""";

        var record = Assert.Single(OtlpSpanMapper.Map(OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(json))).Spans);

        Assert.Equal((SpanKinds.Consumer, "unknown_service"), (record.Kind, record.ServiceName));
    }

    [Fact]
    public void Decode_NonHexId_RejectsThatSpanOnly()
    {
        var request = OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(OtlpPayloads.Json("svc", traceId: "not-hex-at-all!!")));

        var batch = OtlpSpanMapper.Map(request);

        Assert.Equal((0, 1), (batch.Spans.Count, batch.RejectedSpans));
    }

    [Theory]
    [InlineData("{\"resourceSpans\": [")]
    [InlineData("[1, 2]")]
    [InlineData("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"startTimeUnixNano\": \"soon\"}]}]}]}")]
    [InlineData("{\"resourceSpans\": \"nope\"}")]
    public void Decode_Malformed_ThrowsWithMessage(string json)
    {
        var ex = Assert.Throws<OtlpDecodeException>(() => OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(json)));

        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }
}
