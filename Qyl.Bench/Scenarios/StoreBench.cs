using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;
using Qyl.Ingest;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// <c>store</c>: <see cref="ISpanStore.AppendAsync"/> alone, 512-span batches from one writer (as the
/// ingest pipeline calls it). The embedded store always; with <c>--postgres</c> the PostgreSQL store
/// (resolved through <c>AddQylStorage</c> with <c>ConnectionStrings:Postgres</c>, as the hub does) and a
/// raw binary COPY of the same rows as the ceiling.
/// </summary>
public static class StoreBench
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<ResultTable> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var batches = args.Int("batches", 400, quick: 100);
        var batchSize = args.Int("spans", 512);
        var postgres = args.String("postgres");
        var table = new ResultTable("store");
        var workload = BenchWorkload.From(args, batchSize, "bench-store");
        table.Note(workload.Describe());
        var census = args.Flag("census");

        var rounds = args.Int("rounds", 1);
        table.AddRow(await MeasureAsync("in-memory", workload, batches, null, census ? table : null, cancellationToken));
        if (postgres is not null)
        {
            // Untimed warm-up of both paths first: the first round would otherwise pay the JIT of
            // Npgsql's COPY path for whichever runs first. Rounds then alternate store and ceiling so
            // both see the same background load; medians below.
            await MeasureAsync("postgres", workload, Math.Min(4, batches), postgres, null, cancellationToken);
            await RawCopy.MeasureAsync(postgres, workload, Math.Min(4, batches), cancellationToken);
            var store = new List<double>();
            var raw = new List<double>();
            var storeServer = new List<double>();
            var rawServer = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var storeRow = (await MeasureAsync("postgres", workload, batches, postgres, null, cancellationToken)).ToList();
                var rawRow = (await RawCopy.MeasureAsync(postgres, workload, batches, cancellationToken)).ToList();
                store.Add(SpansPerSecond(storeRow));
                raw.Add(SpansPerSecond(rawRow));
                storeServer.Add(ServerMicroseconds(storeRow));
                rawServer.Add(ServerMicroseconds(rawRow));
                table.AddRow(storeRow);
                table.AddRow(rawRow);
            }
            table.Note(string.Create(CultureInfo.InvariantCulture,
                $"median of {rounds} round(s): postgres {Median(store):N0} spans/s, raw COPY {Median(raw):N0} rows/s, ratio {Median(store) / Median(raw):P0}"));
            table.Note(string.Create(CultureInfo.InvariantCulture,
                $"median PostgreSQL backend CPU per row: postgres {Median(storeServer):N1} us, raw COPY {Median(rawServer):N1} us (from /proc; NaN when the server is not on this machine)"));
            table.Note("PostgreSQL runs on this same box: its CPU competes with the bench's");
        }
        table.Note("spans are the workload's bodies rendered and decoded by the hub's OtlpProtobufDecoder, as ingest stores them (decoded before the clock starts)");
        table.Note("bytes/span (in-memory): managed heap after a full GC (GC.GetTotalMemory(true)) with only the store holding the spans, minus the same with an empty store; exact for the store's own objects. RSS bytes/span: the process's resident set over the same interval (GC segments and slack included)");
        return table;
    }

    private static long Rss()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private static double SpansPerSecond(List<(string Column, object? Value)> row) =>
        (double)row.Single(c => c.Column == "spans/s").Value!;

    private static double ServerMicroseconds(List<(string Column, object? Value)> row) =>
        (double)row.Single(c => c.Column == "server us/span").Value!;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<IEnumerable<(string, object?)>> MeasureAsync(
        string name, BenchWorkload workload, int batches, string? connectionString, ResultTable? census, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Qyl:Storage:MaxSpans"] = (batches * workload.SpansPerRequest).ToString(CultureInfo.InvariantCulture),
        };
        if (connectionString is not null)
        {
            settings["ConnectionStrings:Postgres"] = connectionString;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddQylIngest(configuration).AddQylStorage(configuration);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ISpanStore>();
        if (connectionString is not null && store is InMemorySpanStore)
        {
            throw new DependencyMissingException("AddQylStorage ignored ConnectionStrings:Postgres: the PostgreSQL store (branch postgres) is not in this build.");
        }
        // Stores that prepare themselves in hosted services (schema, retention) get to start; not the ingest pipeline.
        var hosted = provider.GetServices<IHostedService>().Where(h => h is not Qyl.Ingest.Pipeline.IngestPipeline).ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(cancellationToken);
        }
        try
        {
            // Decoding first warms the decoder's caches (strings, resources): they count in neither figure.
            var runId = Random.Shared.Next(1, 1 << 20);
            workload.Decoded((long)runId << 32);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var rssBefore = Rss();
            var input = Enumerable.Range(0, batches).Select(b => workload.Decoded(((long)runId << 32) | (uint)b)).ToList();
            var serverBefore = connectionString is null ? null : await PostgresBackendCpu.SnapshotAsync(connectionString, cancellationToken);
            var clock = Stopwatch.StartNew();
            var stored = 0L;
            foreach (var batch in input)
            {
                var result = await store.AppendAsync(batch, null, cancellationToken);
                stored += result.Stored;
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            var serverSeconds = connectionString is null
                ? double.NaN
                : PostgresBackendCpu.Between(serverBefore, await PostgresBackendCpu.SnapshotAsync(connectionString, cancellationToken));
            input.Clear();
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var rssAfter = Rss();
            if (census is not null && connectionString is null)
            {
                HeapCensus.Add(census, store, heapAfter - heapBefore);
            }
            GC.KeepAlive(store);
            var inMemory = connectionString is null;
            return
            [
                ("store", name), ("workload", workload.Name), ("batches", batches), ("spans/batch", workload.SpansPerRequest), ("stored", stored), ("seconds", elapsed),
                ("spans/s", stored / elapsed), ("us/batch", elapsed * 1e6 / batches),
                ("bytes/span", inMemory ? (double)(heapAfter - heapBefore) / Math.Max(1, stored) : double.NaN),
                ("RSS bytes/span", inMemory ? (double)(rssAfter - rssBefore) / Math.Max(1, stored) : double.NaN),
                ("server us/span", serverSeconds * 1e6 / Math.Max(1, stored)),
            ];
        }
        finally
        {
            foreach (var service in hosted)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await service.StopAsync(cts.Token);
            }
        }
    }
}
