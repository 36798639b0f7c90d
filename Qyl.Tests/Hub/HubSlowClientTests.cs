using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Hub.Streaming;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

public sealed class HubSlowClientTests
{
    private const int MaxBacklog = 500;

    [Fact]
    public async Task Publish_OneStalledClientInGroup_HealthyClientGetsEverySpanAndStalledBacklogStaysBounded()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Qyl:Streaming:MaxBacklogSpansPerConnection"] = MaxBacklog.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Qyl:Streaming:MaxBatchSpans"] = "100",
        });
        var fanout = host.Services.GetRequiredService<SpanFanout>();
        using var meters = new HostMeterReader(host, HubMetrics.MeterName);

        using var stalled = await ConnectStalledAsync(host);
        await using var healthy = host.CreateHubConnection();
        var recorder = new HubRecorder(healthy);
        await healthy.StartAsync().WithTimeout();
        await healthy.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)null).WithTimeout();

        // ~20 MB of JSON: far more than the socket buffers and SignalR's pipes hold for the stalled client.
        var payload = new string('x', 2000);
        var maxBacklogSeen = 0;
        for (var i = 0; i < 40; i++)
        {
            var spans = Enumerable.Range(0, 250).Select(_ => TestSpans.Create() with { Attributes = new() { ["payload"] = payload } }).ToList();
            await host.IngestAsync(spans);
            // Paced by the healthy client (its backlog has the same small bound); the stalled one never catches up.
            var target = (i + 1) * 250;
            await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) >= target, because: "the healthy client to keep up");
            maxBacklogSeen = Math.Max(maxBacklogSeen, fanout.GetBacklogSpans().Values.Max());
        }
        var expected = (await host.StoredAsync()).Select(s => s.Seq).ToList();
        Assert.Equal(10_000, expected.Count);

        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) >= expected.Count, Timeouts.Long, "the healthy client");
        Assert.Equal(expected, recorder.Seqs(SpanFilter.AllKey));
        Assert.Empty(recorder.Events.OfType<DroppedNotice>());

        await LiveTestExtensions.WaitUntilAsync(() => meters.Read("qyl.hub.spans.dropped") > 0, because: "qyl.hub.spans.dropped");
        maxBacklogSeen = Math.Max(maxBacklogSeen, fanout.GetBacklogSpans().Values.Max());
        Assert.InRange(maxBacklogSeen, 1, MaxBacklog);
        Assert.Equal(2, fanout.GetBacklogSpans().Count);
    }

    /// <summary>
    /// A raw WebSocket that completes the SignalR JSON handshake, subscribes to every span, reads
    /// the subscribe completion and then never reads again, with a tiny socket receive buffer.
    /// </summary>
    internal static async Task<StalledClient> ConnectStalledAsync(QylTestHost host)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        // Owned by the returned client, not disposed here: the invoker's handler created the socket's
        // connection, and disposing it while the stalled socket is in use can close that connection.
        var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(host.HttpUri, TelemetryHubPaths.Hub)) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(uri, invoker, CancellationToken.None).WithTimeout();
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}\u001e");
        await SendAsync(socket, "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[{},null]}\u001e");
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\"type\":3", StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WithTimeout();
            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        Assert.Contains("\"result\":\"*\"", received.ToString(), StringComparison.Ordinal);
        return new StalledClient(socket, invoker);
    }

    /// <summary>The stalled socket and the invoker whose handler holds its connection; disposed together.</summary>
    internal sealed class StalledClient(ClientWebSocket socket, HttpMessageInvoker invoker) : IDisposable
    {
        public ClientWebSocket Socket { get; } = socket;

        public void Dispose()
        {
            Socket.Dispose();
            invoker.Dispose();
        }
    }

    private static async Task SendAsync(ClientWebSocket socket, string text) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).WithTimeout();

}
