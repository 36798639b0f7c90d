using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;
using Qyl.Tests.Sse;

namespace Qyl.Tests.Operations;

/// <summary>
/// The figures docs/api.md promises at <c>/metrics</c>, scraped before and after real traffic:
/// OTLP/HTTP and OTLP/gRPC in, a hub connection and an SSE reader out, a stalled reader for drops.
/// </summary>
[Collection(MetricsScrapeCollection.Name)]
public sealed class MetricsTrafficTests
{
    [Fact]
    public async Task Metrics_RealTraffic_EveryFigureMoves()
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        var before = await PrometheusScrape.GetAsync(http);

        await using var hub = host.CreateHubConnection(HttpTransportType.WebSockets);
        var recorder = new HubRecorder(hub);
        await hub.StartAsync().WithTimeout();
        await hub.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)null).WithTimeout();
        using var sse = await http.GetAsync(new Uri("/api/v1/events/spans", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        var reader = new SseReader(await sse.Content.ReadAsStreamAsync().WithTimeout());
        var open = await PrometheusScrape.GetAsync(http);

        // Connections, each kind on its own series, and ASP.NET Core's own gauges.
        Assert.True(open.Sum("qyl_hub_connections", "endpoint=hub") >= before.Sum("qyl_hub_connections", "endpoint=hub") + 1, open.Text);
        Assert.True(open.Sum("qyl_hub_connections", "endpoint=sse") >= before.Sum("qyl_hub_connections", "endpoint=sse") + 1, open.Text);
        Assert.True(open.Sum("qyl_hub_subscriptions") >= before.Sum("qyl_hub_subscriptions") + 2, open.Text);
        Assert.True(open.Sum("signalr_server_active_connections", "signalr_transport=web_sockets") >= 1, open.Text);
        Assert.True(open.Sum("kestrel_active_connections") >= 2, open.Text);

        // Ingest over both protocols, with rejected spans and a refused request.
        using var otlp = host.CreateOtlpHttpClient();
        using var accepted = await otlp.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.WithBadIds("metrics")));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await host.ExportGrpcAsync(OtlpPayloads.Valid("metrics", 4));
        using var malformed = await otlp.PostTracesAsync(OtlpTestClient.Body([0xff, 0xff, 0xff], "application/x-protobuf"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        // A hub call that throws (resumeAfterSeq must be >= 0).
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)-1).WithTimeout());

        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) >= 6, because: "the hub client to get 2 + 4 spans");
        await reader.ReadEventAsync(Timeouts.Short);
        var after = await PrometheusScrape.GetAsync(http);

        AssertMoved(before, after, "qyl_ingest_spans_total", 5, "protocol=http/protobuf");
        AssertMoved(before, after, "qyl_ingest_spans_total", 4, "protocol=grpc");
        AssertMoved(before, after, "qyl_ingest_spans_rejected_total", 3);
        AssertMoved(before, after, "qyl_ingest_errors_total", 1, "error_type=malformed", "protocol=http/protobuf");
        AssertMoved(before, after, "qyl_hub_errors_total", 1, "error_type=hub_method");
        AssertMoved(before, after, "qyl_store_spans_stored_total", 6);
        // Both readers got all six (the SSE reader may still be writing the last ones, so at least the hub's).
        AssertMoved(before, after, "qyl_hub_spans_delivered_total", 6);
        AssertMoved(before, after, "qyl_hub_delivery_latency_seconds_count", 1);
        AssertMoved(before, after, "qyl_store_write_duration_seconds_count", 1);
        AssertMoved(before, after, "http_server_request_duration_seconds_count", 1);
        // Histograms export their buckets, in seconds (not the SDK's millisecond defaults).
        Assert.True(after.Count("qyl_hub_delivery_latency_seconds_bucket") >= 10, after.Text);
        Assert.True(after.Count("qyl_store_write_duration_seconds_bucket") >= 10, after.Text);
        Assert.True(after.Sum("qyl_store_write_duration_seconds_bucket", "le=0.01") >= 1, after.Text);

        await hub.StopAsync().WithTimeout();
        sse.Dispose();
        await LiveTestExtensions.WaitUntilAsync(
            () => PrometheusScrape.GetAsync(http).Result.Sum("qyl_hub_connections") <= open.Sum("qyl_hub_connections") - 2,
            because: "qyl_hub_connections to go back down for the hub and the SSE reader");
    }

    [Fact]
    public async Task Metrics_StalledSseReader_DroppedMoves()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Qyl:Streaming:MaxBacklogSpansPerConnection"] = "100",
            ["Qyl:Streaming:MaxBatchSpans"] = "50",
        });
        using var http = host.CreateHttpClient();
        var before = await PrometheusScrape.GetAsync(http);
        using var stalled = await OpenStalledSseAsync(host.HttpUri);

        // ~6 MB of events: more than the socket buffers and Kestrel's response pipe hold for a reader that never reads.
        var payload = new string('x', 2000);
        for (var i = 0; i < 12; i++)
        {
            await host.IngestAsync([.. Enumerable.Range(0, 250).Select(_ => TestSpans.Create() with { Attributes = new() { ["payload"] = payload } })]);
        }
        await LiveTestExtensions.WaitUntilAsync(
            () => PrometheusScrape.GetAsync(http).Result.Sum("qyl_hub_spans_dropped_total") > before.Sum("qyl_hub_spans_dropped_total"),
            Timeouts.Long, "qyl_hub_spans_dropped_total to move");
    }

    private static void AssertMoved(PrometheusScrape before, PrometheusScrape after, string name, double atLeast, params string[] labels)
    {
        var moved = after.Sum(name, labels) - before.Sum(name, labels);
        Assert.True(moved >= atLeast, $"{name}{{{string.Join(',', labels)}}} moved by {moved}, expected at least {atLeast}:\n{after.Text}");
    }

    /// <summary>An SSE request on a raw socket with a tiny receive buffer, which then never reads.</summary>
    private static async Task<Socket> OpenStalledSseAsync(Uri httpUri)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(httpUri.Host, httpUri.Port).WithTimeout();
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /api/v1/events/spans HTTP/1.1\r\nHost: {httpUri.Authority}\r\n\r\n")).WithTimeout();
        // Headers go out once the subscription is live (SseEndpoints), so reading them means subscribed.
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer).WithTimeout();
        Assert.Contains("200 OK", Encoding.ASCII.GetString(buffer, 0, received), StringComparison.Ordinal);
        return socket;
    }
}

/// <summary>
/// The OpenTelemetry SDK's MeterProvider listens to meters by name across the whole process, so a
/// scrape also counts other test hosts' instruments. These tests compare gauges before and after, so
/// they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsScrapeCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "metrics scrape";
}
