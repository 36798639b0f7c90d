using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Tests.Infrastructure;
using RpcStatus = Qyl.Ingest.Otlp.Proto.Rpc.Status;

namespace Qyl.Tests.Otlp;

public sealed class OtlpHttpTests
{
    [Fact]
    public async Task PostTraces_Protobuf_StoresMappedSpansAndAnswersEmptyResponse()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();
        var request = OtlpPayloads.Valid("proto-svc", 3);
        var traceId = Convert.ToHexStringLower(request.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId.Span);

        using var response = await client.PostTracesAsync(OtlpTestClient.Protobuf(request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().WithTimeout());
        Assert.Null(body.PartialSuccess);
        var stored = Assert.Single(await host.WaitForTraceAsync(traceId, 1));
        Assert.Equal(("proto-svc", SpanKinds.Client, "qyl.tests"), (stored.ServiceName, stored.Kind, stored.ScopeName));
        Assert.True(stored.Seq > 0);
    }

    [Fact]
    public async Task PostTraces_JsonOnMainHttpPort_StoresSpanAndAnswersJson()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateHttpClient();
        var traceId = TestSpans.NewTraceId();

        using var response = await client.PostTracesAsync(OtlpTestClient.Body(Encoding.UTF8.GetBytes(OtlpPayloads.Json("json-svc", traceId)), "application/json; charset=utf-8"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout()))
        {
            Assert.Empty(json.RootElement.EnumerateObject());
        }
        var stored = Assert.Single(await host.WaitForTraceAsync(traceId, 1));
        Assert.Equal(("json-svc", "conv-1", "chat"), (stored.ServiceName, stored.SessionId, stored.GenAi?.OperationName));
    }

    [Fact]
    public async Task PostTraces_Gzip_Accepted()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();
        var request = OtlpPayloads.Valid("gzip-svc", 2);
        var traceId = Convert.ToHexStringLower(request.ResourceSpans[0].ScopeSpans[0].Spans[1].TraceId.Span);

        using var response = await client.PostTracesAsync(OtlpTestClient.Body(Gzip(Google.Protobuf.MessageExtensions.ToByteArray(request)), "application/x-protobuf", "gzip"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await host.WaitForTraceAsync(traceId, 1));
    }

    [Fact]
    public async Task PostTraces_BadIdsProtobuf_PartialSuccessWithExactCount()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.WithBadIds("partial-svc")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().WithTimeout());
        Assert.Equal(3, body.PartialSuccess.RejectedSpans);
        Assert.Equal("3 span(s) rejected; first: span 'bad-trace': trace id must be 16 bytes, got 4", body.PartialSuccess.ErrorMessage);
    }

    [Fact]
    public async Task PostTraces_BadIdJson_PartialSuccessInOtlpJson()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Body(Encoding.UTF8.GetBytes(OtlpPayloads.Json("svc", spanId: "abcd")), "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout());
        var partial = json.RootElement.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedSpans").GetString());
        Assert.Equal("1 span(s) rejected; first: span 'chat gpt-4o': span id must be 8 bytes, got 2", partial.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task PostTraces_MalformedProtobuf_400WithStatusBody()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Body([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01], "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().WithTimeout());
        Assert.Contains("not a valid protobuf", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostTraces_MalformedJson_400WithMessage()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Body("{\"resourceSpans\": [{"u8.ToArray(), "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout());
        Assert.Contains("not valid JSON", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostTraces_BadGzip_400()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Body("not gzip at all"u8.ToArray(), "application/x-protobuf", "gzip"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain", null)]
    [InlineData("application/x-protobuf", "br")]
    public async Task PostTraces_UnsupportedMediaType_415(string contentType, string? contentEncoding)
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Body([1, 2, 3], contentType, contentEncoding));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task PostTraces_BodyOverLimit_413()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Ingest:MaxRequestBodyBytes"] = "65536" });
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Body(new byte[100_000], "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var status = RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().WithTimeout());
        Assert.Contains("Qyl:Ingest:MaxRequestBodyBytes", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostTraces_ChunkedBodyOverLimit_413()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Ingest:MaxRequestBodyBytes"] = "65536" });
        using var client = host.CreateOtlpHttpClient();
        // No Content-Length: the limit is enforced while reading, not from the header.
        using var content = new StreamContent(new NonSeekableStream(new byte[200_000]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");

        using var response = await client.PostTracesAsync(content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostTraces_GzipBombOverDefaultLimit_413()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();
        // 30 MiB of zeros compresses to well under 1 MiB: small on the wire, over the 20 MiB limit inflated.
        var bomb = Gzip(new byte[30 * 1024 * 1024]);
        Assert.True(bomb.Length < 1024 * 1024);

        using var response = await client.PostTracesAsync(OtlpTestClient.Body(bomb, "application/x-protobuf", "gzip"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    internal static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
