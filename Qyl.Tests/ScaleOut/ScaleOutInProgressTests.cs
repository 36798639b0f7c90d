using Qyl.Client;
using Qyl.Contracts;
using Qyl.Tests.Client;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.ScaleOut;

/// <summary>
/// In-progress spans across two instances (PostgreSQL + Redis): the running record and the finished
/// record written through instance A reach a live client of instance B in seq order, and a client
/// resuming on B from before them gets both, once each.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutInProgressTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(QylProtocol.Json)]
    [InlineData(QylProtocol.MessagePack)]
    public async Task Relay_RunningThenFinished_LiveAndResumedClientsOnOtherInstanceGetBoth(QylProtocol protocol)
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres);
        var cursor = await QylClientRealHubTests.CursorAsync(cluster.B);
        var finished = TestSpans.Create("relay-inprogress", genAi: true) with { DurationMs = 2500 };
        var filter = new SpanFilter { TraceId = finished.TraceId };
        await using var liveClient = new QylClient(new QylClientOptions { BaseUrl = cluster.B.HttpUri, Protocol = protocol });
        await using var live = new SpanCollector(liveClient, filter, cursor);

        await cluster.A.IngestAsync(finished with { InProgress = true, EndTimeUnixNano = null, DurationMs = null });
        var running = Assert.Single(await live.TakeAsync(1, Timeouts.Long));
        Assert.True(running.InProgress);
        Assert.Null(running.EndTimeUnixNano);
        await cluster.A.IngestAsync(finished);
        var ended = Assert.Single(await live.TakeAsync(1, Timeouts.Long));
        Assert.Equal((finished.SpanId, false, (double?)2500), (ended.SpanId, ended.InProgress, ended.DurationMs));
        Assert.True(ended.Seq > running.Seq);

        await using var resumeClient = new QylClient(new QylClientOptions { BaseUrl = cluster.B.HttpUri, Protocol = protocol });
        await using var resumed = new SpanCollector(resumeClient, filter, cursor);
        var replay = await resumed.TakeAsync(2, Timeouts.Long);
        Assert.Equal([(running.Seq, true), (ended.Seq, false)], replay.Select(s => (s.Seq, s.InProgress)));
        await resumed.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(300));
    }
}
