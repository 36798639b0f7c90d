using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Ingest;
using Qyl.Contracts;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;
using Qyl.Tests.Infrastructure;
using RpcStatus = Qyl.Ingest.Otlp.Proto.Rpc.Status;

namespace Qyl.Tests.Otlp;

/// <summary>POST /v1/logs and LogsService/Export through real Kestrel: encodings, partial success, every refusal.</summary>
public sealed class OtlpLogHttpTests
{
    private static readonly Method<byte[], byte[]> s_rawExport = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.logs.v1.LogsService",
        "Export",
        Marshallers.Create(b => b, b => b),
        Marshallers.Create(b => b, b => b));

    [Fact]
    public async Task PostLogs_ProtobufOnOtlpPort_StoredAndEmptyResponse()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();
        var trace = OtlpPayloads.RandomBytes(16);

        using var response = await client.PostLogsAsync(OtlpTestClient.Protobuf(OtlpLogPayloads.Valid("proto-logs", trace, 3)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(ExportLogsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().WithTimeout()).PartialSuccess);
        var logs = await host.WaitForLogsAsync(new SpanFilter { TraceId = Convert.ToHexStringLower(trace) }, 3);
        Assert.Equal(["line-0", "line-1", "line-2"], logs.Select(l => l.Body));
        Assert.All(logs, l => Assert.Equal(("proto-logs", "qyl.tests.logs"), (l.ServiceName, l.ScopeName)));
    }

    [Fact]
    public async Task PostLogs_JsonOnMainHttpPort_StoredAndJsonResponse()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateHttpClient();
        var traceId = TestSpans.NewTraceId();

        using var response = await client.PostLogsAsync(OtlpTestClient.Body(Encoding.UTF8.GetBytes(OtlpLogPayloads.Json("json-logs", traceId, "eee19b7ec3c1b174")), "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout()))
        {
            Assert.Empty(json.RootElement.EnumerateObject());
        }
        var logs = await host.WaitForLogsAsync(new SpanFilter { ServiceName = "json-logs" }, 2);
        Assert.Equal(["gen_ai.user.message", "agent.tool.error"], logs.Select(l => l.EventName));
        Assert.Equal(traceId, logs[0].TraceId);
    }

    [Fact]
    public async Task PostLogs_Gzip_Accepted()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();
        var trace = OtlpPayloads.RandomBytes(16);

        using var response = await client.PostLogsAsync(OtlpTestClient.Body(OtlpHttpTests.Gzip(OtlpLogPayloads.Valid("gzip-logs", trace, 2).ToByteArray()), "application/x-protobuf", "gzip"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await host.WaitForLogsAsync(new SpanFilter { ServiceName = "gzip-logs" }, 2)).Count);
    }

    [Fact]
    public async Task PostLogs_BadIds_PartialSuccessWithExactCountInBothEncodings()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();

        using var proto = await client.PostLogsAsync(OtlpTestClient.Protobuf(OtlpLogPayloads.WithBadIds("partial-logs")));
        using var json = await client.PostLogsAsync(OtlpTestClient.Body(
            """{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"partial-logs"}}]},"scopeLogs":[{"logRecords":[{"spanId":"abcd"},{"body":{"stringValue":"json-ok"}}]}]}]}"""u8.ToArray(),
            "application/json"));

        var body = ExportLogsServiceResponse.Parser.ParseFrom(await proto.Content.ReadAsByteArrayAsync().WithTimeout());
        Assert.Equal(3, body.PartialSuccess.RejectedLogRecords);
        Assert.Equal("3 log record(s) rejected; first: log record 1: trace id must be empty or 16 bytes, got 5", body.PartialSuccess.ErrorMessage);
        using var partial = JsonDocument.Parse(await json.Content.ReadAsStringAsync().WithTimeout());
        Assert.Equal("1", partial.RootElement.GetProperty("partialSuccess").GetProperty("rejectedLogRecords").GetString());
        var stored = await host.WaitForLogsAsync(new SpanFilter { ServiceName = "partial-logs" }, 3);
        Assert.Equal(["good-1", "good-2", "json-ok"], stored.Select(l => l.Body));
    }

    [Fact]
    public async Task PostLogs_EveryKindOfBadRequest_Clear4xxAndAcceptedRecordsKept()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Ingest:MaxRequestBodyBytes"] = "4096" });
        using var client = host.CreateOtlpHttpClient();
        var valid = OtlpLogPayloads.Valid("bad-logs", OtlpPayloads.RandomBytes(16), 2).ToByteArray();
        using (var accepted = await client.PostLogsAsync(OtlpTestClient.Body(valid, "application/x-protobuf")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var cases = new (HttpContent Content, HttpStatusCode Status, string Message)[]
        {
            (OtlpTestClient.Body([.. valid, 0x0a, 0x05, 0x12], "application/x-protobuf"), HttpStatusCode.BadRequest, "not a valid protobuf"),
            (OtlpTestClient.Body("{\"resourceLogs\": [{"u8.ToArray(), "application/json"), HttpStatusCode.BadRequest, "not valid JSON"),
            (OtlpTestClient.Body("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"LOUD"}]}]}]}"""u8.ToArray(), "application/json"), HttpStatusCode.BadRequest, "severityNumber"),
            (OtlpTestClient.Body("not gzip"u8.ToArray(), "application/x-protobuf", "gzip"), HttpStatusCode.BadRequest, ""),
            (OtlpTestClient.Body(valid, "text/plain"), HttpStatusCode.UnsupportedMediaType, "not supported"),
            (OtlpTestClient.Body(valid, "application/x-protobuf", "br"), HttpStatusCode.UnsupportedMediaType, "Content-Encoding 'br'"),
            (OtlpTestClient.Body(new byte[8192], "application/x-protobuf"), HttpStatusCode.RequestEntityTooLarge, "Qyl:Ingest:MaxRequestBodyBytes"),
            (OtlpTestClient.Body(OtlpHttpTests.Gzip(new byte[64 * 1024]), "application/x-protobuf", "gzip"), HttpStatusCode.RequestEntityTooLarge, "Qyl:Ingest:MaxRequestBodyBytes"),
        };
        foreach (var (content, status, message) in cases)
        {
            // A client of its own per case: a refused body may be left unread, and Kestrel then closes the connection.
            using var caseClient = host.CreateOtlpHttpClient();
            using var response = await caseClient.PostLogsAsync(content);

            Assert.Equal(status, response.StatusCode);
            var text = response.Content.Headers.ContentType?.MediaType == "application/json"
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout()).RootElement.GetProperty("message").GetString()!
                : RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().WithTimeout()).Message;
            Assert.Contains(message, text, StringComparison.Ordinal);
        }

        // What was accepted before is all there, and nothing of the refused requests.
        Assert.Equal(["line-0", "line-1"], (await host.ReadLogsAsync(new SpanFilter { ServiceName = "bad-logs" })).Select(l => l.Body));
    }

    [Fact]
    public async Task PostLogs_QueueFull_429WithRetryAfterNothingStored()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Qyl:Ingest:MaxQueuedSpans"] = "2",
            ["Qyl:Ingest:RetryAfterSeconds"] = "7",
        });
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostLogsAsync(OtlpTestClient.Protobuf(OtlpLogPayloads.Valid("full-logs", OtlpPayloads.RandomBytes(16), 3)));
        var grpc = await Assert.ThrowsAsync<RpcException>(() => host.ExportLogsGrpcAsync(OtlpLogPayloads.Valid("full-logs", OtlpPayloads.RandomBytes(16), 3)));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Contains("Qyl:Ingest:MaxQueuedSpans", RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().WithTimeout()).Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);
        Assert.Contains(grpc.Trailers, t => t.Key == "grpc-status-details-bin");
        Assert.Empty(await host.ReadLogsAsync(new SpanFilter { ServiceName = "full-logs" }));
    }

    [Fact]
    public async Task Export_Grpc_StoredWithPartialSuccessCount()
    {
        await using var host = await QylTestHost.StartAsync();

        var ok = await host.ExportLogsGrpcAsync(OtlpLogPayloads.Valid("grpc-logs", OtlpPayloads.RandomBytes(16), 4));
        var partial = await host.ExportLogsGrpcAsync(OtlpLogPayloads.WithBadIds("grpc-logs"));

        Assert.Null(ok.PartialSuccess);
        Assert.Equal(3, partial.PartialSuccess.RejectedLogRecords);
        Assert.Equal(6, (await host.WaitForLogsAsync(new SpanFilter { ServiceName = "grpc-logs" }, 6)).Count);
    }

    [Fact]
    public async Task Export_GrpcMalformedBytes_InvalidArgumentAndNothingStored()
    {
        await using var host = await QylTestHost.StartAsync();
        using var channel = GrpcChannel.ForAddress(host.OtlpGrpcUri);
        var valid = OtlpLogPayloads.Valid("grpc-bad-logs", OtlpPayloads.RandomBytes(16), 1).ToByteArray();

        var call = channel.CreateCallInvoker().AsyncUnaryCall(s_rawExport, null, new CallOptions(deadline: DateTime.UtcNow.Add(Timeouts.Short)), [.. valid, 0x0e, 0x00]);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("not a valid protobuf", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await host.ReadLogsAsync(SpanFilter.All));
    }
}

/// <summary>
/// The log series through the meters and through a Prometheus scrape. The scrape sees every test host's
/// instruments of the same meter name (MetricsScrapeCollection), so this runs alone: beside parallel
/// hosts it read another host's zeros.
/// </summary>
[Collection(Qyl.Tests.Operations.MetricsScrapeCollection.Name)]
public sealed class OtlpLogMetricsTests
{
    [Fact]
    public async Task Export_EachProtocolAndRefusal_CountedInLogSeries()
    {
        await using var host = await QylTestHost.StartAsync();
        using var meters = new HostMeterReader(host, IngestMetrics.MeterName);
        using var client = host.CreateOtlpHttpClient();
        using var http = host.CreateHttpClient();

        using (await client.PostLogsAsync(OtlpTestClient.Protobuf(OtlpLogPayloads.WithBadIds("metric-logs"))))
        using (await client.PostLogsAsync(OtlpTestClient.Body(Encoding.UTF8.GetBytes(OtlpLogPayloads.Json("metric-logs", TestSpans.NewTraceId(), "eee19b7ec3c1b174")), "application/json")))
        using (await client.PostLogsAsync(OtlpTestClient.Body([0x0a, 0x05], "application/x-protobuf")))
        {
        }
        await host.ExportLogsGrpcAsync(OtlpLogPayloads.Valid("metric-logs", OtlpPayloads.RandomBytes(16), 4));

        Assert.Equal(5, meters.Read("qyl.ingest.logs", "http/protobuf"));
        Assert.Equal(2, meters.Read("qyl.ingest.logs", "http/json"));
        Assert.Equal(4, meters.Read("qyl.ingest.logs", "grpc"));
        Assert.Equal(3, meters.Read("qyl.ingest.logs.rejected", "invalid_id"));
        Assert.Equal(1, meters.Read("qyl.ingest.logs.errors", "http/protobuf", "malformed"));
        Assert.Equal(8, meters.Read("qyl.store.logs.stored"));
        Assert.Equal(0, meters.Read("qyl.ingest.spans", "http/protobuf") + meters.Read("qyl.ingest.spans", "grpc"));
        // The Prometheus names, as dashboards and alerts see them.
        var scrape = await PrometheusScrape.GetAsync(http);
        Assert.True(scrape.Sum("qyl_ingest_logs_total", "protocol=grpc") >= 4, scrape.Text);
        Assert.True(scrape.Sum("qyl_ingest_logs_rejected_total", "reason=invalid_id") >= 3, scrape.Text);
        Assert.True(scrape.Sum("qyl_ingest_logs_errors_total", "protocol=http/protobuf", "error_type=malformed") >= 1, scrape.Text);
        Assert.True(scrape.Sum("qyl_store_logs_stored_total") >= 8, scrape.Text);
    }
}
