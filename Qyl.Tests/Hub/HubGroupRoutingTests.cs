using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Hub.Streaming;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Sse;

namespace Qyl.Tests.Hub;

/// <summary>
/// The SignalR group named by a subscription key is the live path's one routing: a send through
/// <c>IHubContext&lt;TelemetryHub, ITelemetryClient&gt;.Clients.Group(key)</c> reaches exactly that
/// group's subscribers (hub connections on any transport and protocol, and SSE streams) through their
/// bounded outboxes.
/// </summary>
public sealed class HubGroupRoutingTests
{
    [Fact]
    public async Task ClientsGroupSpans_TwoGroups_ReachesExactlyThatGroupsHubAndSseSubscribers()
    {
        await using var host = await QylTestHost.StartAsync();
        var hub = host.Services.GetRequiredService<IHubContext<TelemetryHub, ITelemetryClient>>();
        await using var a1 = host.CreateHubConnection(HttpTransportType.WebSockets, "json");
        await using var a2 = host.CreateHubConnection(HttpTransportType.LongPolling, "messagepack");
        await using var b = host.CreateHubConnection(HttpTransportType.ServerSentEvents, "json");
        var (r1, r2, rb) = (new HubRecorder(a1), new HubRecorder(a2), new HubRecorder(b));
        foreach (var connection in new[] { a1, a2, b })
        {
            await connection.StartAsync().WithTimeout();
        }
        var keyA = await a1.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { ServiceName = "a" }, (long?)null).WithTimeout();
        await a2.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { ServiceName = "a" }, (long?)null).WithTimeout();
        var keyB = await b.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { ServiceName = "b" }, (long?)null).WithTimeout();
        using var http = host.CreateHttpClient();
        using var sse = await http.GetAsync(new Uri("/api/v1/events/spans/filter?serviceName=a", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        var sseReader = new SseReader(await sse.Content.ReadAsStreamAsync().WithTimeout());

        await hub.Clients.Group(keyA).Spans(new SpanBatch { Key = keyA, Spans = [Span("a", 11), Span("a", 12)] }).WithTimeout();
        await hub.Clients.Group(keyB).Spans(new SpanBatch { Key = keyB, Spans = [Span("b", 21)] }).WithTimeout();

        await LiveTestExtensions.WaitUntilAsync(() => r1.Count(keyA) == 2 && r2.Count(keyA) == 2 && rb.Count(keyB) == 1, because: "each group's batch");
        Assert.Equal([11L, 12L], r1.Seqs(keyA));
        Assert.Equal([11L, 12L], r2.Seqs(keyA));
        Assert.Equal([21L], rb.Seqs(keyB));
        // b's outbox would have held the a batch before its own: it got only its group's.
        Assert.Single(rb.Events);
        Assert.All(r1.Events.Concat(r2.Events), e => Assert.Equal(keyA, Assert.IsType<SpanBatch>(e).Key));
        Assert.Equal(11, SseReader.IdOf(await sseReader.ReadEventAsync(Timeouts.Short)));
        Assert.Equal(12, SseReader.IdOf(await sseReader.ReadEventAsync(Timeouts.Short)));
    }

    [Fact]
    public async Task ClientsGroupSpans_StalledMemberInGroup_SendsCompleteAtOnceAndHealthyMemberGetsEverything()
    {
        const int maxBacklog = 300;
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Qyl:Streaming:MaxBacklogSpansPerConnection"] = maxBacklog.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var hub = host.Services.GetRequiredService<IHubContext<TelemetryHub, ITelemetryClient>>();
        var fanout = host.Services.GetRequiredService<SpanFanout>();
        using var stalled = await HubSlowClientTests.ConnectStalledAsync(host);
        await using var healthy = host.CreateHubConnection();
        var recorder = new HubRecorder(healthy);
        await healthy.StartAsync().WithTimeout();
        await healthy.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)null).WithTimeout();

        var payload = new string('x', 2000);
        long seq = 0;
        for (var i = 0; i < 40; i++)
        {
            var spans = Enumerable.Range(0, 50).Select(_ => Span("s", ++seq) with { Attributes = new() { ["payload"] = payload } }).ToList();
            var send = hub.Clients.Group(SpanFilter.AllKey).Spans(new SpanBatch { Key = SpanFilter.AllKey, Spans = spans });
            // Into the outboxes, never onto a socket: the stalled member cannot hold the sender.
            Assert.True(send.IsCompletedSuccessfully);
            var target = seq;
            await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) >= target, because: "the healthy client to keep up");
            Assert.InRange(fanout.GetBacklogSpans().Values.Max(), 0, maxBacklog);
        }

        Assert.Equal(Enumerable.Range(1, (int)seq).Select(i => (long)i), recorder.Seqs(SpanFilter.AllKey));
        Assert.Empty(recorder.Events.OfType<DroppedNotice>());
    }

    [Fact]
    public async Task ClientsGroupSend_OtherMethod_RefusedWithReason()
    {
        await using var host = await QylTestHost.StartAsync();
        var hub = host.Services.GetRequiredService<IHubContext<TelemetryHub>>();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => hub.Clients.Group(SpanFilter.AllKey).SendAsync("Other", 1));

        Assert.Contains("Spans(SpanBatch)", error.Message, StringComparison.Ordinal);
    }

    private static SpanRecord Span(string service, long seq) => TestSpans.Create(service) with { Seq = seq };
}
