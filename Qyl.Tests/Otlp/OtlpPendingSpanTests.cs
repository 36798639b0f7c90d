using System.Net;
using System.Text;
using Google.Protobuf;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Trace;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

/// <summary>
/// Logfire's pending-span markers over OTLP/HTTP, protobuf and JSON, into a real hub: each becomes the
/// in-progress record of the running span, and the span's own export later its finished record.
/// </summary>
public sealed class OtlpPendingSpanTests
{
    private const string Running = "1111111111111111";
    private const string Grandparent = "2222222222222222";
    private const string Marker = "3333333333333333";

    [Theory]
    [InlineData("application/x-protobuf")]
    [InlineData("application/json")]
    public async Task PostTraces_PendingSpanThenSpan_InProgressRecordThenFinished(string contentType)
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();
        var traceId = TestSpans.NewTraceId();

        using (var response = await client.PostTracesAsync(Body(contentType, traceId, pending: true)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var running = Assert.Single(await host.WaitForTraceAsync(traceId, 1));
        Assert.True(running.InProgress);
        Assert.Equal((Running, Grandparent, "chat gpt-4o"), (running.SpanId, running.ParentSpanId, running.Name));
        Assert.Equal((1_700_000_000_000_000_000L, (long?)null, (double?)null), (running.StartTimeUnixNano, running.EndTimeUnixNano, running.DurationMs));
        Assert.Equal("chat", running.GenAi?.OperationName);
        Assert.Equal(OtlpPendingSpans.PendingSpanType, running.Attributes[OtlpPendingSpans.SpanTypeKey]);

        using (var response = await client.PostTracesAsync(Body(contentType, traceId, pending: false)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var both = await host.WaitForTraceAsync(traceId, 2);
        Assert.Equal([(Running, true), (Running, false)], both.Select(s => (s.SpanId, s.InProgress)));
        Assert.True(both[1].Seq > both[0].Seq);
        Assert.Equal(250, both[1].DurationMs);
    }

    [Fact]
    public async Task PostTraces_PendingRootMarker_ParentIsNull()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();
        var traceId = TestSpans.NewTraceId();

        using var response = await client.PostTracesAsync(Body("application/x-protobuf", traceId, pending: true, realParent: "0000000000000000"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var running = Assert.Single(await host.WaitForTraceAsync(traceId, 1));
        Assert.Equal((Running, (string?)null, true), (running.SpanId, running.ParentSpanId, running.InProgress));
    }

    private static HttpContent Body(string contentType, string traceId, bool pending, string realParent = Grandparent)
    {
        // The marker: its own id, parent = the running span, zero length; the real span: id Running.
        var (spanId, parentId, end) = pending ? (Marker, Running, 1_700_000_000_000_000_000UL) : (Running, realParent, 1_700_000_000_250_000_000UL);
        if (contentType == "application/json")
        {
            var attributes = pending
                ? $$$"""{"key":"logfire.span_type","value":{"stringValue":"pending_span"}},{"key":"logfire.pending_parent_id","value":{"stringValue":"{{{realParent}}}"}},"""
                : "";
            var json = $$$"""
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"pending-svc"}}]},
                 "scopeSpans":[{"scope":{"name":"logfire"},"spans":[{"traceId":"{{{traceId}}}","spanId":"{{{spanId}}}","parentSpanId":"{{{parentId}}}",
                 "name":"chat gpt-4o","kind":3,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"{{{end}}}",
                 "attributes":[{{{attributes}}}{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}]}]}]}]}
                """;
            return OtlpTestClient.Body(Encoding.UTF8.GetBytes(json), contentType);
        }
        var span = OtlpPayloads.Span("chat gpt-4o", Convert.FromHexString(traceId), Convert.FromHexString(spanId), Convert.FromHexString(parentId));
        span.EndTimeUnixNano = end;
        if (pending)
        {
            span.Attributes.Add(OtlpPayloads.Attr("logfire.span_type", "pending_span"));
            span.Attributes.Add(OtlpPayloads.Attr("logfire.pending_parent_id", realParent));
        }
        span.Attributes.Add(OtlpPayloads.Attr("gen_ai.operation.name", "chat"));
        return OtlpTestClient.Protobuf(OtlpPayloads.Request("pending-svc", span));
    }
}
