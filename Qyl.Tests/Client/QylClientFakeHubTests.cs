using Microsoft.AspNetCore.Http.Connections;
using Qyl.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Client;

/// <summary>The client's reconnect, resume, de-duplication and backfill rules, against a scripted hub over real SignalR.</summary>
public sealed class QylClientFakeHubTests
{
    private static readonly TimeSpan[] s_fastRetries = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)];

    private static QylClient NewClient(Uri url, QylProtocol protocol = QylProtocol.Json, string? apiKey = null, HttpTransportType? transport = null) =>
        new(new QylClientOptions { BaseUrl = url, Protocol = protocol, ApiKey = apiKey, Transport = transport, ReconnectDelays = s_fastRetries });

    private static SpanRecord Span(long seq, string service = "svc") => TestSpans.Create(serviceName: service) with { Seq = seq };

    [Theory]
    [InlineData(QylProtocol.Json, HttpTransportType.WebSockets)]
    [InlineData(QylProtocol.MessagePack, HttpTransportType.WebSockets)]
    [InlineData(QylProtocol.Json, HttpTransportType.ServerSentEvents)]
    [InlineData(QylProtocol.MessagePack, HttpTransportType.LongPolling)]
    public async Task SubscribeAsync_DuplicateAndOverlappingBatches_YieldsEachSeqOnceInOrder(QylProtocol protocol, HttpTransportType transport)
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var client = NewClient(hub.Url, protocol, transport: transport);
        var filter = new SpanFilter { ServiceName = "svc" };
        await using var collector = new SpanCollector(client, filter);
        var (key, resume) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout();
        Assert.Equal(filter.CanonicalKey, key);
        Assert.Null(resume);

        await hub.SendAsync(key, Span(1), Span(2));
        await hub.SendAsync(key, Span(2), Span(3));
        await hub.SendAsync(key, Span(1), Span(2), Span(3));
        await hub.SendAsync(key, Span(4));

        var spans = await collector.TakeAsync(4);
        Assert.Equal([1L, 2, 3, 4], spans.Select(s => s.Seq));
        await collector.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task SubscribeAsync_InjectedReconnect_ResubscribesWithLastSeqAndDropsReplays()
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var client = NewClient(hub.Url);
        var states = new List<QylConnectionState>();
        client.StateChanged += (_, change) => { lock (states) { states.Add(change.State); } };
        await using var collector = new SpanCollector(client, SpanFilter.All, resumeAfterSeq: 10);
        var (key, resume) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout();
        Assert.Equal(10, resume);
        await hub.SendAsync(key, Span(9), Span(11), Span(12));
        Assert.Equal([11L, 12], (await collector.TakeAsync(2)).Select(s => s.Seq));

        await client.SimulateDisconnectAsync().WithTimeout();
        var (_, resumeAfterReconnect) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout();
        Assert.Equal(12, resumeAfterReconnect);
        // A hub replaying from an older cursor must not reach the consumer twice.
        await hub.SendAsync(key, Span(11), Span(12), Span(13));
        Assert.Equal(13, (await collector.TakeAsync(1)).Single().Seq);
        await collector.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(300));
        lock (states)
        {
            Assert.Equal([QylConnectionState.Connected, QylConnectionState.Reconnecting, QylConnectionState.Connected], states);
        }
    }

    [Fact]
    public async Task SubscribeAsync_HubDownAtStartThenRestartedOnSamePort_ConnectsAndResumes()
    {
        int port;
        await using (var probe = await FakeHubHost.StartAsync())
        {
            port = probe.Url.Port;
        }
        await using var client = NewClient(new Uri($"http://127.0.0.1:{port}"));
        var state = new FakeHubState();
        await using var collector = new SpanCollector(client, SpanFilter.All);
        // Waited for rather than slept on: on a loaded box the first failed attempt can take longer than any fixed delay.
        await LiveTestExtensions.WaitUntilAsync(() => client.State == QylConnectionState.Reconnecting, Timeouts.Long, "the first attempt to fail");

        await using (var first = await FakeHubHost.StartAsync(port, state: state))
        {
            var (key, _) = await state.Subscribes.Reader.ReadAsync().AsTask().WithTimeout();
            await first.SendAsync(key, Span(5));
            Assert.Equal(5, (await collector.TakeAsync(1)).Single().Seq);
        }
        // A fresh state: while the first host stops, SignalR closes connections before Kestrel
        // unbinds, so the client may briefly reconnect to the dying host.
        var secondState = new FakeHubState();
        await using var second = await FakeHubHost.StartAsync(port, state: secondState);
        var (key2, resume) = await secondState.Subscribes.Reader.ReadAsync().AsTask().WithTimeout(Timeouts.Long);
        Assert.Equal(5, resume);
        await second.SendAsync(key2, Span(6));
        Assert.Equal(6, (await collector.TakeAsync(1)).Single().Seq);
    }

    [Fact]
    public async Task SubscribeAsync_DroppedNotice_RaisesEventAndBackfillsUnseenSpansInPlace()
    {
        await using var hub = await FakeHubHost.StartAsync();
        hub.State.Stored.AddRange([Span(1), Span(2), Span(3), Span(4), Span(5)]);
        await using var client = NewClient(hub.Url);
        var notices = new List<DroppedNotice>();
        client.Dropped += (_, n) => { lock (notices) { notices.Add(n); } };
        await using var collector = new SpanCollector(client, SpanFilter.All);
        var (key, _) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout();

        await hub.SendAsync(key, Span(1), Span(3));
        await hub.SendDroppedAsync(new DroppedNotice { Key = key, FromSeq = 2, ToSeq = 4, Count = 2 });
        await hub.SendAsync(key, Span(5));

        var spans = await collector.TakeAsync(5);
        Assert.Equal([1L, 3, 2, 4, 5], spans.Select(s => s.Seq));
        Assert.Equal(1, await hub.State.PageRequests.Reader.ReadAsync().AsTask().WithTimeout());
        lock (notices)
        {
            Assert.Equal(key, Assert.Single(notices).Key);
        }
        await collector.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task StartAsync_WrongApiKey_ThrowsUnauthorizedAndRightKeyConnects()
    {
        await using var hub = await FakeHubHost.StartAsync(apiKey: "s3cret");
        await using (var wrong = NewClient(hub.Url, apiKey: "nope"))
        {
            await Assert.ThrowsAsync<QylUnauthorizedException>(() => wrong.StartAsync().WithTimeout());
            Assert.Equal(QylConnectionState.Closed, wrong.State);
        }
        await using var right = NewClient(hub.Url, apiKey: "s3cret");
        await right.StartAsync().WithTimeout();
        Assert.Equal(QylConnectionState.Connected, right.State);
    }

    [Fact]
    public async Task SubscribeAsync_SlowConsumerWithTinyBuffer_DeliversEverySpanInOrder()
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var client = new QylClient(new QylClientOptions { BaseUrl = hub.Url, BufferCapacity = 2, ReconnectDelays = s_fastRetries });
        using var cts = new CancellationTokenSource(Timeouts.Long);
        var enumerator = client.SubscribeAsync(SpanFilter.All, null, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = enumerator.MoveNextAsync().AsTask();
        var (key, _) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout();
        var send = hub.SendAsync(key, [.. Enumerable.Range(1, 50).Select(i => Span(i))]);
        Assert.True(await first.WithTimeout());
        var seqs = new List<long> { enumerator.Current.Seq };
        while (seqs.Count < 50 && await enumerator.MoveNextAsync().AsTask().WithTimeout())
        {
            await Task.Delay(5);
            seqs.Add(enumerator.Current.Seq);
        }
        await send.WithTimeout();
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), seqs);
        await enumerator.DisposeAsync();
    }
}
