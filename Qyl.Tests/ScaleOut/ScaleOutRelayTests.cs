using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.ScaleOut;

/// <summary>Two hubs on one PostgreSQL and one Redis behave as one hub.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutRelayTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Relay_ConcurrentIngestOnBothInstances_EverySubscriberGetsEachMatchingSpanOnceInSeqOrder()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres);
        var (a, b) = (cluster.A, cluster.B);
        var serviceA = "relay-a-" + Guid.NewGuid().ToString("N")[..8];
        var serviceB = "relay-b-" + Guid.NewGuid().ToString("N")[..8];
        var onlyA = new SpanFilter { ServiceName = serviceA };
        var genAiOnly = new SpanFilter { GenAiOnly = true };

        await using var webSocketsOnA = a.CreateHubConnection(HttpTransportType.WebSockets, "messagepack");
        var allOnA = new HubRecorder(webSocketsOnA);
        await webSocketsOnA.StartAsync().WithTimeout();
        var allKey = await webSocketsOnA.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)null).WithTimeout();

        await using var longPollingOnB = b.CreateHubConnection(HttpTransportType.LongPolling, "json");
        var serviceAOnB = new HubRecorder(longPollingOnB);
        await longPollingOnB.StartAsync().WithTimeout();
        var onlyAKey = await longPollingOnB.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), onlyA, (long?)null).WithTimeout();

        await using var sseEventsOnB = b.CreateHubConnection(HttpTransportType.ServerSentEvents, "json");
        var genAiOnB = new HubRecorder(sseEventsOnB);
        await sseEventsOnB.StartAsync().WithTimeout();
        var genAiKey = await sseEventsOnB.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), genAiOnly, (long?)null).WithTimeout();

        await using var rawSseOnA = await SseCollector.OpenAsync(a, $"/api/v1/events/spans/filter?serviceName={serviceB}");
        await using var rawSseOnB = await SseCollector.OpenAsync(b, "/api/v1/events/spans");

        // Both instances write at once, so their blocks interleave in the shared chain.
        await Task.WhenAll(IngestManyAsync(a, serviceA, serviceB), IngestManyAsync(b, serviceB, serviceA)).WithTimeout(Timeouts.Long);

        var stored = await a.StoredAsync();
        Assert.Equal(2 * Batches * SpansPerBatch, stored.Count);
        var all = stored.Select(s => s.Seq).ToList();
        var expectedOnlyA = stored.Where(onlyA.Matches).Select(s => s.Seq).ToList();
        var expectedGenAi = stored.Where(genAiOnly.Matches).Select(s => s.Seq).ToList();
        var expectedOnlyB = stored.Where(s => s.ServiceName == serviceB).Select(s => s.Seq).ToList();

        await LiveTestExtensions.WaitUntilAsync(
            () => allOnA.Count(allKey) >= all.Count && serviceAOnB.Count(onlyAKey) >= expectedOnlyA.Count
                && genAiOnB.Count(genAiKey) >= expectedGenAi.Count
                && rawSseOnA.Spans.Count >= expectedOnlyB.Count && rawSseOnB.Spans.Count >= all.Count,
            Timeouts.Long,
            "every subscriber to receive its spans");
        // Anything extra (a duplicate) would arrive right behind.
        await Task.Delay(300);

        Assert.Equal(all, allOnA.Seqs(allKey));
        Assert.Equal(expectedOnlyA, serviceAOnB.Seqs(onlyAKey));
        Assert.Equal(expectedGenAi, genAiOnB.Seqs(genAiKey));
        Assert.Equal(expectedOnlyB, rawSseOnA.Spans.Select(s => s.Seq));
        Assert.Equal(all, rawSseOnB.Spans.Select(s => s.Seq));
        Assert.Equal(stored.Select(s => s.SpanId), rawSseOnB.Spans.Select(s => s.SpanId));
        Assert.True(ScaleOutCluster.Relay(a).ReceivedBlocks > 0 && ScaleOutCluster.Relay(b).ReceivedBlocks > 0, "spans travelled over Redis");
    }

    [Fact]
    public async Task Subscribe_ResumeOnOtherInstance_GetsExactlyTheMissedSpansThenLiveOnes()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres);
        var (a, b) = (cluster.A, cluster.B);
        var filter = new SpanFilter { ServiceName = "resume-" + Guid.NewGuid().ToString("N")[..8] };
        long lastSeen;
        await using (var first = a.CreateHubConnection(HttpTransportType.WebSockets, "json"))
        {
            var recorder = new HubRecorder(first);
            await first.StartAsync().WithTimeout();
            var key = await first.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null).WithTimeout();
            await a.IngestAsync(Spans(filter.ServiceName!, 5));
            await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(key) == 5, because: "the first five spans");
            lastSeen = recorder.Seqs(key)[^1];
        }

        await b.IngestAsync(Spans(filter.ServiceName!, 5));
        await a.IngestAsync(Spans(filter.ServiceName!, 5));
        var missed = (await b.StoredAsync(filter, lastSeen)).Select(s => s.Seq).ToList();
        Assert.Equal(10, missed.Count);

        await using var second = b.CreateHubConnection(HttpTransportType.WebSockets, "messagepack");
        var resumed = new HubRecorder(second);
        await second.StartAsync().WithTimeout();
        var resumedKey = await second.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)lastSeen).WithTimeout();
        await LiveTestExtensions.WaitUntilAsync(() => resumed.Count(resumedKey) >= 10, because: "the ten missed spans");

        await a.IngestAsync(Spans(filter.ServiceName!, 3));
        var expected = (await b.StoredAsync(filter, lastSeen)).Select(s => s.Seq).ToList();
        await LiveTestExtensions.WaitUntilAsync(() => resumed.Count(resumedKey) >= 13, because: "three live spans from the other instance");
        await Task.Delay(300);
        Assert.Equal(expected, resumed.Seqs(resumedKey));
        Assert.Equal(missed, expected.Take(10));
        Assert.DoesNotContain(resumed.Events, e => e is DroppedNotice);
    }

    private const int Batches = 20;
    private const int SpansPerBatch = 25;

    private static async Task IngestManyAsync(QylTestHost host, string service, string otherService)
    {
        for (var i = 0; i < Batches; i++)
        {
            var spans = Enumerable.Range(0, SpansPerBatch)
                .Select(j => TestSpans.Create(serviceName: j % 3 == 0 ? otherService : service, genAi: j % 4 == 0))
                .ToList();
            await host.IngestAsync(spans);
        }
    }

    internal static List<SpanRecord> Spans(string service, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => TestSpans.Create(serviceName: service))];
}
