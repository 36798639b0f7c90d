using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Client;
using Qyl.Contracts;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Client;

/// <summary>The client library against the real hub (QylTestHost): real ingest, real store, real SignalR.</summary>
public sealed class QylClientRealHubTests
{
    private static readonly TimeSpan[] s_fastRetries = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250)];

    private static QylClient NewClient(Uri url, QylProtocol protocol = QylProtocol.Json, HttpTransportType? transport = null) =>
        new(new QylClientOptions { BaseUrl = url, Protocol = protocol, Transport = transport, ReconnectDelays = s_fastRetries });

    /// <summary>The seq below which nothing is stored yet: resuming after it misses nothing and gets no Dropped.</summary>
    internal static async Task<long> CursorAsync(QylTestHost host) =>
        await host.Services.GetRequiredService<ISpanStore>().GetRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout();

    [Theory]
    [InlineData(QylProtocol.Json, HttpTransportType.WebSockets)]
    [InlineData(QylProtocol.MessagePack, HttpTransportType.WebSockets)]
    [InlineData(QylProtocol.Json, HttpTransportType.ServerSentEvents)]
    [InlineData(QylProtocol.MessagePack, HttpTransportType.LongPolling)]
    public async Task SubscribeAsync_IngestedSpans_ReceivesExactlyTheMatchingOnes(QylProtocol protocol, HttpTransportType transport)
    {
        await using var host = await QylTestHost.StartAsync();
        await using var client = NewClient(host.HttpUri, protocol, transport);
        // Resume from the store's current position rather than live-only: no race with Subscribe reaching the hub.
        await using var collector = new SpanCollector(client, new SpanFilter { ServiceName = "checkout", GenAiOnly = true }, await CursorAsync(host));

        var wanted = new[] { TestSpans.Create("checkout", genAi: true), TestSpans.Create("checkout", genAi: true) };
        await host.IngestAsync(TestSpans.Create("checkout"), wanted[0], TestSpans.Create("billing", genAi: true), wanted[1]);

        var spans = await collector.TakeAsync(2);
        Assert.Equal(wanted.Select(s => s.SpanId), spans.Select(s => s.SpanId));
        Assert.True(spans[0].Seq < spans[1].Seq);
        Assert.Equal("gpt-4o", spans[0].GenAi!.RequestModel);
        await collector.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(300));
    }

    [Theory]
    [InlineData(QylProtocol.Json, HttpTransportType.WebSockets)]
    [InlineData(QylProtocol.MessagePack, HttpTransportType.WebSockets)]
    [InlineData(QylProtocol.Json, HttpTransportType.ServerSentEvents)]
    [InlineData(QylProtocol.MessagePack, HttpTransportType.LongPolling)]
    public async Task SubscribeAsync_SummaryView_ResumedAndLiveAndBackfilledSpansAreSummaries(QylProtocol protocol, HttpTransportType transport)
    {
        await using var host = await QylTestHost.StartAsync();
        await using var client = NewClient(host.HttpUri, protocol, transport);
        var cursor = await CursorAsync(host);
        await host.IngestAsync(Hub.HubSummaryViewTests.Chats("a", 2));
        var filter = new SpanFilter { ServiceName = "a", View = SpanFilter.SummaryView };
        await using var collector = new SpanCollector(client, filter, cursor);

        await host.IngestAsync([.. Hub.HubSummaryViewTests.Chats("b", 1), .. Hub.HubSummaryViewTests.Chats("a", 2)]);
        var stored = await host.StoredAsync(new SpanFilter { ServiceName = "a" });
        Hub.HubSummaryViewTests.AssertSummaries(stored, await collector.TakeAsync(4));

        // A Dropped range filled from the query API comes in the subscription's view too (another
        // client: this one would skip what its subscription has delivered).
        await using var other = NewClient(host.HttpUri, protocol, transport);
        var notice = new DroppedNotice { Key = filter.CanonicalKey, FromSeq = stored[0].Seq, ToSeq = stored[^1].Seq, Count = 4 };
        var backfilled = new List<SpanRecord>();
        await foreach (var span in other.BackfillAsync(notice, filter with { View = null }))
        {
            backfilled.Add(span);
        }
        var summarised = new List<SpanRecord>();
        await foreach (var span in other.BackfillAsync(notice, filter))
        {
            summarised.Add(span);
        }
        Assert.All(backfilled, s => Assert.NotEmpty(s.Attributes));
        Hub.HubSummaryViewTests.AssertSummaries(stored, summarised);
    }

    [Fact]
    public async Task SubscribeAsync_InjectedReconnectWithRewoundCursor_HubReplaysButConsumerSeesEachOnce()
    {
        await using var host = await QylTestHost.StartAsync();
        await using var client = NewClient(host.HttpUri);
        await using var collector = new SpanCollector(client, SpanFilter.All, resumeAfterSeq: 0);
        var first = Enumerable.Range(0, 5).Select(_ => TestSpans.Create("svc")).ToArray();
        await host.IngestAsync(first);
        var received = await collector.TakeAsync(5);

        // Resume from well before the last seq: the hub sends those spans again; the client must drop them.
        client.ResumeCursorTransform = cursor => cursor - 1_000_000;
        await client.SimulateDisconnectAsync().WithTimeout();
        await Task.Delay(500);
        var second = Enumerable.Range(0, 3).Select(_ => TestSpans.Create("svc")).ToArray();
        await host.IngestAsync(second);

        received.AddRange(await collector.TakeAsync(3));
        Assert.Equal(first.Concat(second).Select(s => s.SpanId), received.Select(s => s.SpanId));
        await collector.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task SubscribeAsync_HubRestartWithEmptyStore_DroppedForOldRangeThenNewSpansOnce()
    {
        var first = await QylTestHost.StartAsync();
        var port = first.HttpUri.Port;
        await using var client = NewClient(first.HttpUri);
        var notices = new List<DroppedNotice>();
        client.Dropped += (_, n) => { lock (notices) { notices.Add(n); } };
        await using var collector = new SpanCollector(client, SpanFilter.All, resumeAfterSeq: 0);
        await first.IngestAsync(TestSpans.Create("before"), TestSpans.Create("before"));
        var before = await collector.TakeAsync(2);
        await first.DisposeAsync();

        await using var second = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:HttpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var after = new[] { TestSpans.Create("after"), TestSpans.Create("after"), TestSpans.Create("after") };
        await WaitUntilAsync(() => client.State == QylConnectionState.Connected);
        await second.IngestAsync(after);

        var received = await collector.TakeAsync(3, Timeouts.Long);
        Assert.Equal(after.Select(s => s.SpanId), received.Select(s => s.SpanId));
        Assert.True(received[0].Seq > before[1].Seq, "seqs of a restarted embedded store start above the ones issued before");
        await WaitUntilAsync(() => { lock (notices) { return notices.Any(n => n.FromSeq == before[1].Seq + 1); } });
        await collector.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task SubscribeAsync_ResumeFromEvictedRange_SurfacesDroppedAndDeliversRetainedOnce()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Storage:MaxSpans"] = "10" });
        var spans = Enumerable.Range(0, 30).Select(_ => TestSpans.Create("svc")).ToArray();
        foreach (var chunk in spans.Chunk(5))
        {
            await host.IngestAsync(chunk);
        }
        await using var client = NewClient(host.HttpUri);
        var notices = new List<DroppedNotice>();
        client.Dropped += (_, n) => { lock (notices) { notices.Add(n); } };
        await using var collector = new SpanCollector(client, SpanFilter.All, resumeAfterSeq: 0);

        var received = await collector.TakeAsync(10);
        Assert.Equal(spans[^10..].Select(s => s.SpanId), received.Select(s => s.SpanId));
        await WaitUntilAsync(() => { lock (notices) { return notices.Count > 0; } });
        lock (notices)
        {
            Assert.Equal(1, notices[0].FromSeq);
            Assert.True(notices[0].ToSeq < received[0].Seq);
        }
        await collector.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(300));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Timeouts.Long);
        while (!condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
