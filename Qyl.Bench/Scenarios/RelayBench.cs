using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// <c>relay</c>: two in-process hubs on one PostgreSQL (<c>--postgres</c>) and one Redis (<c>--redis</c>;
/// without it both subscriber groups are on B: the no-relay baseline with the same delivery work).
/// OTLP/HTTP spans go to hub B at a fixed rate; WebSocket MessagePack subscribers on B (same instance,
/// the baseline) and on A (spans relayed over Redis) measure end-to-end latency in the same run.
/// </summary>
public static class RelayBench
{
    private const string ServiceName = "bench-relay";

    /// <summary>Runs the scenario.</summary>
    public static async Task<ResultTable> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var postgres = args.String("postgres") ?? throw new ArgumentException("relay needs --postgres \"<connection string>\" (a database both hubs share).");
        // Without --redis the hubs only share the database: B's row is then the no-relay baseline.
        var redis = args.String("redis");
        var subscribersPerHub = args.Int("subscribers", 5, quick: 2);
        var rate = args.Double("rate", 1000, quick: 500);
        var batch = args.Int("batch", 10);
        var duration = TimeSpan.FromSeconds(args.Int("duration", 10, quick: 3));
        var hubSettings = new Dictionary<string, string?>
        {
            ["Qyl:HttpPort"] = "0", ["Qyl:OtlpHttpPort"] = "0", ["Qyl:OtlpGrpcPort"] = "0",
            ["ConnectionStrings:Postgres"] = postgres,
        };
        if (redis is not null)
        {
            hubSettings["Qyl:Redis"] = redis;
        }

        await using var a = await InProcessHub.StartAsync(hubSettings);
        await using var b = await InProcessHub.StartAsync(hubSettings);
        // The realistic workload by default (several services: subscribers take every span), or --workload uniform.
        var workload = BenchWorkload.From(args, batch, ServiceName, stampSendTime: true);
        var filter = workload.Filter;
        var onB = new List<Subscriber>();
        var onA = new List<Subscriber>();
        try
        {
            for (var i = 0; i < subscribersPerHub; i++)
            {
                onB.Add(await Subscriber.ConnectAsync(new Uri(b.HttpUri, TelemetryHubPaths.Hub), HttpTransportType.WebSockets, "messagepack", filter, cancellationToken));
                // Without Redis the second group also subscribes on B, so both modes deliver as many spans.
                var second = redis is null ? b.HttpUri : a.HttpUri;
                onA.Add(await Subscriber.ConnectAsync(new Uri(second, TelemetryHubPaths.Hub), HttpTransportType.WebSockets, "messagepack", filter, cancellationToken));
            }
            using var source = new OtlpSpanSource(b.OtlpHttpUri, workload);
            // Warm-up (JIT, connections), then measure.
            var sent = await SendPacedAsync(source, rate, TimeSpan.FromSeconds(2), 0, cancellationToken);
            await Task.Delay(500, cancellationToken);
            var cpuBefore = b.Sample();
            var measureFrom = Stopwatch.GetTimestamp();
            foreach (var s in onA.Concat(onB))
            {
                s.StartMeasuring(measureFrom);
            }
            sent += await SendPacedAsync(source, rate, duration, sent / batch, cancellationToken);
            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < TimeSpan.FromSeconds(15) && onA.Concat(onB).Any(s => s.Unique < sent))
            {
                await Task.Delay(50, cancellationToken);
            }

            var cpuAfter = b.Sample();
            var cpu = cpuBefore is { } before && cpuAfter is { } after ? Math.Round((after.Cpu - before.Cpu).TotalSeconds, 1) : double.NaN;
            var table = new ResultTable("relay");
            table.AddRow(Row("B (ingest instance)", onB, sent, cpu));
            table.AddRow(Row(redis is null ? "B, second group (no --redis)" : "A (via Redis)", onA, sent, cpu));
            table.Note($"{rate.ToString(CultureInfo.InvariantCulture)} spans/s in batches of {batch} to B over OTLP/HTTP for {duration.TotalSeconds} s; {subscribersPerHub} WebSocket MessagePack subscribers per hub");
            table.Note(workload.Describe());
            table.Note("both hubs, PostgreSQL and Redis share this box's cores with the load generator; process cpu s: the bench process (both hubs, subscribers, sender) while measuring");
            return table;
        }
        finally
        {
            await Task.WhenAll(onA.Concat(onB).Select(s => s.DisposeAsync().AsTask()));
        }
    }

    private static IEnumerable<(string, object?)> Row(string where, List<Subscriber> subscribers, long sent, double cpuSeconds)
    {
        var latency = new LatencyRecorder();
        foreach (var s in subscribers)
        {
            latency.AddAll(s.Latency);
        }
        return
        [
            ("subscribers on", where),
            ("spans sent", sent),
            ("p50 ms", Math.Round(latency.Percentile(0.50), 2)),
            ("p99 ms", Math.Round(latency.Percentile(0.99), 2)),
            ("max ms", Math.Round(latency.Max, 2)),
            ("lost", subscribers.Sum(s => Math.Max(0, sent - s.Unique))),
            ("duplicates", subscribers.Sum(s => s.Duplicates)),
            ("dropped", subscribers.Sum(s => s.Dropped)),
            ("process cpu s", cpuSeconds),
        ];
    }

    private static async Task<long> SendPacedAsync(OtlpSpanSource source, double rate, TimeSpan duration, long firstBatch, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(source.BatchSize / rate);
        var batches = (long)Math.Ceiling(duration / interval);
        var clock = Stopwatch.StartNew();
        var sends = new List<Task<int>>();
        for (long i = 0; i < batches; i++)
        {
            var due = (interval * i) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }
            sends.Add(source.SendAsync(firstBatch + i, cancellationToken));
        }
        var accepted = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return accepted.Sum();
    }
}
