using Microsoft.Extensions.Logging.Abstractions;
using Qyl.Contracts;
using Qyl.Ingest.Storage.Postgres;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Postgres;

/// <summary>Seqs become visible in order across hub instances sharing one database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSeqOrderTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ReadAfterAsync_ConcurrentWritersOnSeveralInstances_ReaderSeesEverySpanOnceInSeqOrder()
    {
        const int Writers = 4;
        const int BatchesPerWriter = 40;
        var connectionString = await postgres.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, Writers)
            .Select(_ => new PostgresSpanStore(connectionString, NullLogger<PostgresSpanStore>.Instance))
            .ToList();
        await using var readerStore = new PostgresSpanStore(connectionString, NullLogger<PostgresSpanStore>.Instance);
        await readerStore.EnsureSchemaAsync(CancellationToken.None).WithTimeout();

        var written = new System.Collections.Concurrent.ConcurrentBag<string>();
        var writers = stores.Select((store, w) => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < BatchesPerWriter; i++)
            {
                var batch = Enumerable.Range(0, random.Next(1, 30)).Select(_ => TestSpans.Create(serviceName: $"w{w}")).ToList();
                await store.AppendAsync(batch, null, CancellationToken.None).WithTimeout();
                batch.ForEach(s => written.Add(s.SpanId));
            }
        })).ToList();
        var allWritten = Task.WhenAll(writers);

        var seen = new List<string>();
        long lastSeq = 0;
        var descending = 0;
        while (true)
        {
            var done = allWritten.IsCompleted;
            var page = await readerStore.ReadAfterAsync(lastSeq, SpanFilter.All, 37, CancellationToken.None).WithTimeout();
            foreach (var span in page)
            {
                descending += span.Seq <= lastSeq ? 1 : 0;
                lastSeq = span.Seq;
                seen.Add(span.SpanId);
            }
            if (done && page.Count == 0)
            {
                break;
            }
        }
        await allWritten.WithTimeout(Timeouts.Long);

        Assert.Equal(0, descending);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(written.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }
}
