using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.Postgres;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Postgres;

/// <summary>A hub on PostgreSQL keeps what it stored across its own restart.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresHubRestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task StartAsync_NewHostOnSameDatabase_ServesOldSpansAndResumesFromClientCursor()
    {
        // Test spans start in 2023: retention must not remove them behind the test's back.
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(),
            ["Qyl:Storage:RetentionHours"] = "87600",
        };
        var first = Enumerable.Range(0, 20).Select(_ => TestSpans.Create(serviceName: "restart")).ToList();
        IReadOnlyList<SpanRecord> before;
        await using (var host = await QylTestHost.StartAsync(settings))
        {
            Assert.IsType<PostgresSpanStore>(host.Services.GetRequiredService<ISpanStore>());
            await host.IngestAsync(first);
            before = await host.Services.GetRequiredService<ISpanStore>().ReadAfterAsync(0, SpanFilter.All, 100, CancellationToken.None).WithTimeout();
        }
        var cursor = before[9].Seq;

        await using var restarted = await QylTestHost.StartAsync(settings);
        var store = restarted.Services.GetRequiredService<ISpanStore>();
        Assert.Equal(first.Select(s => s.SpanId), (await store.ReadAfterAsync(0, SpanFilter.All, 100, CancellationToken.None).WithTimeout()).Select(s => s.SpanId));
        Assert.Equal(20, Assert.Single(await store.GetServicesAsync(CancellationToken.None).WithTimeout()).SpanCount);

        var second = Enumerable.Range(0, 5).Select(_ => TestSpans.Create(serviceName: "restart")).ToList();
        await restarted.IngestAsync(second);
        var resumed = await store.ReadAfterAsync(cursor, SpanFilter.All, 100, CancellationToken.None).WithTimeout();
        Assert.Equal(first.Skip(10).Concat(second).Select(s => s.SpanId), resumed.Select(s => s.SpanId));
        Assert.All(resumed.TakeLast(5), s => Assert.True(s.Seq > before[^1].Seq));
    }

    [Fact]
    public async Task RetentionService_SpansPastRetentionHours_RemovedAndRetainedAfterSeqRaised()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(),
            ["Qyl:Storage:RetentionHours"] = "1",
            ["Qyl:Storage:RetentionIntervalSeconds"] = "1",
        });
        var store = host.Services.GetRequiredService<ISpanStore>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var old = TestSpans.Create(startTimeUnixNano: now - (2 * 3_600_000_000_000));
        var fresh = TestSpans.Create(startTimeUnixNano: now);
        await host.IngestAsync([old, fresh]);
        var oldSeq = (await store.ReadAfterAsync(0, SpanFilter.All, 10, CancellationToken.None).WithTimeout())[0].Seq;

        // Bounded poll: the job runs every second.
        for (var i = 0; i < 100 && await store.GetRetainedAfterSeqAsync(CancellationToken.None) == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(oldSeq, await store.GetRetainedAfterSeqAsync(CancellationToken.None));
        Assert.Equal([fresh.SpanId], (await store.ReadAfterAsync(0, SpanFilter.All, 10, CancellationToken.None).WithTimeout()).Select(s => s.SpanId));
    }

}
