using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;

namespace Qyl.Tests.ScaleOut;

/// <summary>With Redis down every hub keeps serving; spans from other instances come from the store; the relay comes back by itself.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutOutageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Relay_RedisStoppedAndRestarted_IngestAndSubscribersKeepWorkingWithoutGapOrDuplicate()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Qyl:ScaleOut:CatchUpIntervalMilliseconds"] = "300",
        });
        var (a, b) = (cluster.A, cluster.B);
        var service = "outage-" + Guid.NewGuid().ToString("N")[..8];
        var filter = new SpanFilter { ServiceName = service };

        await using var onA = a.CreateHubConnection(HttpTransportType.WebSockets, "messagepack");
        var recorder = new HubRecorder(onA);
        await onA.StartAsync().WithTimeout();
        var key = await onA.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null).WithTimeout();
        await using var sseOnA = await SseCollector.OpenAsync(a, $"/api/v1/events/spans/filter?serviceName={service}");
        await b.IngestAsync(ScaleOutRelayTests.Spans(service, 5));
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(key) == 5, because: "spans from B over Redis");

        await cluster.Redis.StopAsync();
        await cluster.WaitForRelayAsync(connected: false, Timeouts.Short);

        // Without Redis: a new hub connection on B still connects and subscribes.
        await using var newOnB = b.CreateHubConnection(HttpTransportType.LongPolling, "json");
        var newRecorder = new HubRecorder(newOnB);
        await newOnB.StartAsync().WithTimeout();
        var newKey = await newOnB.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null).WithTimeout();

        // Ingest answers 200 on both instances, over OTLP/HTTP, interleaved.
        using var otlpA = a.CreateOtlpHttpClient();
        using var otlpB = b.CreateOtlpHttpClient();
        for (var i = 0; i < 5; i++)
        {
            using var fromA = await otlpA.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.Valid(service, 3)));
            Assert.Equal(HttpStatusCode.OK, fromA.StatusCode);
            using var fromB = await otlpB.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.Valid(service, 3)));
            Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
        }
        var stored = (await a.StoredAsync(filter)).Select(s => s.Seq).ToList();
        Assert.Equal(5 + 30, stored.Count);

        // A's subscriber gets A's spans and, from the store, B's: all of them, in order, once.
        await LiveTestExtensions.WaitUntilAsync(
            () => recorder.Count(key) >= stored.Count && sseOnA.Spans.Count >= stored.Count && newRecorder.Count(newKey) >= 30,
            Timeouts.Long,
            "every span while Redis is down");
        await Task.Delay(500);
        Assert.Equal(stored, recorder.Seqs(key));
        Assert.Equal(stored, sseOnA.Spans.Select(s => s.Seq));
        Assert.Equal(stored.Skip(5), newRecorder.Seqs(newKey));

        // The catch-up is visible to operators.
        using (var http = a.CreateHttpClient())
        {
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).WithTimeout();
            Assert.Contains("qyl_hub_relay_store_reads", metrics, StringComparison.Ordinal);
            Assert.Contains("qyl_hub_relay_blocks", metrics, StringComparison.Ordinal);
        }

        // Redis back: the relay resumes by itself and spans travel over it again.
        await cluster.Redis.StartAsync();
        await cluster.WaitForRelayAsync(connected: true);
        var receivedBefore = ScaleOutCluster.Relay(a).ReceivedBlocks;
        await b.IngestAsync(ScaleOutRelayTests.Spans(service, 5));
        stored = (await a.StoredAsync(filter)).Select(s => s.Seq).ToList();
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(key) >= stored.Count, because: "spans from B after Redis is back");
        await Task.Delay(300);
        Assert.Equal(stored, recorder.Seqs(key));
        Assert.True(ScaleOutCluster.Relay(a).ReceivedBlocks > receivedBefore, "A received B's block over Redis again");
        Assert.DoesNotContain(recorder.Events, e => e is DroppedNotice);
    }
}

/// <summary>A hub whose Redis is down when it starts serves anyway and starts relaying once Redis is up.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutStartWithoutRedisTests(PostgresFixture postgres)
{
    [Fact]
    public async Task StartAsync_RedisDown_HubServesLocallyAndRelaysOnceRedisIsUp()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await redis.StopAsync();
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(),
            ["Qyl:Redis"] = redis.ConnectionString,
            ["Qyl:Storage:RetentionHours"] = "87600",
        }).WithTimeout(Timeouts.Long);
        var filter = new SpanFilter { ServiceName = "no-redis" };

        await using var connection = host.CreateHubConnection(HttpTransportType.WebSockets, "json");
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null).WithTimeout();
        await host.IngestAsync(ScaleOutRelayTests.Spans("no-redis", 3));
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(key) == 3, because: "local spans without Redis");
        Assert.False(ScaleOutCluster.Sequencer(host).RelayConnected);

        await redis.StartAsync();
        await LiveTestExtensions.WaitUntilAsync(() => ScaleOutCluster.Sequencer(host).RelayConnected, Timeouts.Long, "the relay to connect");
        await host.IngestAsync(ScaleOutRelayTests.Spans("no-redis", 3));
        var stored = (await host.StoredAsync(filter)).Select(s => s.Seq).ToList();
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(key) == 6, because: "local spans with Redis");
        Assert.Equal(stored, recorder.Seqs(key));
    }
}
