using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Postgres;

/// <summary>
/// PostgreSQL stopped and started under ingest. Uses its own cluster (never QYL_TEST_POSTGRES) because
/// it stops the server.
/// </summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task TryEnqueue_DatabaseStoppedAndStarted_AcknowledgedSpansKeptFailedOnesRetriedStoredOnce()
    {
        var cluster = _cluster!;
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = cluster.ConnectionString(),
            ["Qyl:Storage:RetentionHours"] = "87600", // test spans start in 2023
        });
        var pipeline = host.Services.GetRequiredService<IngestPipeline>();
        var store = host.Services.GetRequiredService<ISpanStore>();
        using var http = host.CreateHttpClient();

        var acknowledged = new List<SpanRecord>();
        var failed = new List<List<SpanRecord>>();
        var unavailableSeen = false;
        using var stop = new CancellationTokenSource();
        var ingest = Task.Run(async () =>
        {
            // Bounded: at most 2000 requests, however long the outage lasts.
            for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                var batch = Enumerable.Range(0, 5).Select(_ => TestSpans.Create(serviceName: "outage")).ToList();
                Assert.True(pipeline.TryEnqueue(batch, out var stored));
                try
                {
                    await stored.WithTimeout(Timeouts.Long);
                    acknowledged.AddRange(batch);
                }
                catch (StoreUnavailableException)
                {
                    unavailableSeen = true;
                    failed.Add(batch);
                }
                await Task.Delay(5);
            }
        });

        await Task.Delay(300);
        await cluster.StopAsync().WithTimeout(Timeouts.Long);
        Assert.False(await store.IsReadyAsync(CancellationToken.None).WithTimeout());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative)).WithTimeout()).StatusCode);
        await Task.Delay(500);
        await cluster.StartAsync().WithTimeout(Timeouts.Long);
        await Task.Delay(500);
        await stop.CancelAsync();
        await ingest.WithTimeout(Timeouts.Long);

        Assert.True(unavailableSeen, "ingest during the outage should have been refused with StoreUnavailableException");
        Assert.True(await store.IsReadyAsync(CancellationToken.None).WithTimeout());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative)).WithTimeout()).StatusCode);

        // The exporter's retry: every refused batch again, once the database is back.
        foreach (var batch in failed)
        {
            Assert.True(pipeline.TryEnqueue(batch, out var stored));
            await stored.WithTimeout();
        }

        var all = new List<SpanRecord>();
        for (long after = 0; ;)
        {
            var page = await store.ReadAfterAsync(after, SpanFilter.All, 1000, CancellationToken.None).WithTimeout();
            if (page.Count == 0)
            {
                break;
            }
            all.AddRange(page);
            after = page[^1].Seq;
        }
        var expected = acknowledged.Concat(failed.SelectMany(b => b)).Select(s => s.SpanId).Order(StringComparer.Ordinal);
        Assert.Equal(expected, all.Select(s => s.SpanId).Order(StringComparer.Ordinal));
    }
}
