using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.ScaleOut;

/// <summary>Two hubs on one PostgreSQL and one Redis relay log records to each other as they do spans.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutLogsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RelayLogs_IngestOnBothInstances_SubscribersOnEachGetEveryMatchingRecordOnceInSeqOrder()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres);
        var (a, b) = (cluster.A, cluster.B);
        var service = "relay-logs-" + Guid.NewGuid().ToString("N")[..8];
        var filter = new SpanFilter { ServiceName = service };

        await using var onA = a.CreateHubConnection(HttpTransportType.WebSockets, "messagepack");
        var recorderA = new HubRecorder(onA);
        await onA.StartAsync().WithTimeout();
        var keyA = await onA.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), filter, (long?)null).WithTimeout();
        await using var onB = b.CreateHubConnection(HttpTransportType.LongPolling, "json");
        var recorderB = new HubRecorder(onB);
        await onB.StartAsync().WithTimeout();
        var keyB = await onB.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), filter, (long?)null).WithTimeout();
        await using var sseOnB = await SseCollector.OpenAsync(b, $"/api/v1/events/logs/filter?serviceName={service}");

        // Both instances write logs and spans at once, so their blocks interleave in the shared chain.
        await Task.WhenAll(WriteAsync(a, service), WriteAsync(b, service)).WithTimeout(Timeouts.Long);

        var expected = (await a.StoredLogsAsync(filter)).Select(l => l.Seq).ToList();
        Assert.Equal(2 * Rounds * 3, expected.Count);
        await LiveTestExtensions.WaitUntilAsync(
            () => recorderA.LogCount(keyA) >= expected.Count && recorderB.LogCount(keyB) >= expected.Count && sseOnB.Logs.Count >= expected.Count,
            Timeouts.Long,
            "every subscriber to receive the records of both instances");
        await Task.Delay(300);

        Assert.Equal(expected, recorderA.LogSeqs(keyA));
        Assert.Equal(expected, recorderB.LogSeqs(keyB));
        Assert.Equal(expected, sseOnB.Logs.Select(l => l.Seq));
        Assert.True(ScaleOutCluster.Relay(a).ReceivedBlocks > 0 && ScaleOutCluster.Relay(b).ReceivedBlocks > 0, "blocks travelled over Redis");
    }

    [Fact]
    public async Task SubscribeLogs_ResumeOnOtherInstance_GetsTheMissedRecordsThenLiveOnes()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres);
        var (a, b) = (cluster.A, cluster.B);
        var filter = new SpanFilter { ServiceName = "resume-logs-" + Guid.NewGuid().ToString("N")[..8] };
        await a.IngestLogsAsync([.. Enumerable.Range(0, 4).Select(_ => TestLogs.Create(filter.ServiceName!))]);
        var cursor = (await a.StoredLogsAsync(filter))[0].Seq;

        await using var onB = b.CreateHubConnection(HttpTransportType.WebSockets, "json");
        var recorder = new HubRecorder(onB);
        await onB.StartAsync().WithTimeout();
        var key = await onB.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), filter, (long?)cursor).WithTimeout();
        await a.IngestLogsAsync(TestLogs.Create(filter.ServiceName!), TestLogs.Create(filter.ServiceName!));

        var expected = (await a.StoredLogsAsync(filter, cursor)).Select(l => l.Seq).ToList();
        Assert.Equal(5, expected.Count);
        await LiveTestExtensions.WaitUntilAsync(() => recorder.LogCount(key) >= expected.Count, Timeouts.Long, "the missed and the live records");
        await Task.Delay(300);
        Assert.Equal(expected, recorder.LogSeqs(key));
    }

    private const int Rounds = 10;

    private static async Task WriteAsync(QylTestHost host, string service)
    {
        for (var i = 0; i < Rounds; i++)
        {
            await host.IngestLogsAsync(TestLogs.Create(service), TestLogs.Create(service), TestLogs.Create(service));
            await host.IngestAsync(TestSpans.Create(service));
        }
    }
}
