using Qyl.Bench.Infrastructure;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// <c>connections</c>: hold N idle subscribers, then deliver at a low rate. Hub memory per connection
/// is the hub's RSS with them connected (2 s settle) minus its RSS before, divided by N.
/// </summary>
public static class ConnectionsBench
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<ResultTable> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var options = FanoutOptions.From(args, subscribersDefault: 1000, subscribersQuick: 200, rateDefault: 10) with { Batch = args.Int("batch", 1) };
        var limit = FileDescriptorLimit();
        if (limit is { } soft && soft < options.Subscribers + 1000)
        {
            // Each subscriber costs one descriptor here and one in the hub; each process has its own limit (the hub inherits this one).
            throw new ArgumentException($"{options.Subscribers} subscribers need more open files than the limit of {soft}: run 'ulimit -n {options.Subscribers + 1000}' first.");
        }
        var table = new ResultTable("connections");
        await using var hub = await HubTargets.StartAsync(args, null, cancellationToken);
        table.Note(hub.Description);
        var workload = BenchWorkload.From(args, options.Batch, "bench-fanout", stampSendTime: true);
        table.Note(workload.Describe());
        using var source = new OtlpSpanSource(hub.OtlpHttpUri, workload);
        double kibPerConnection = double.NaN, marginalKib = double.NaN, idleMiB = double.NaN, connectedMiB = double.NaN;
        var run = await FanoutBench.RunAsync(new Uri(hub.HttpUri, TelemetryHubPaths.Hub), source, workload.Filter, hub.Sample, options, cancellationToken,
            samples =>
            {
                if (samples.Before is { } b && samples.AfterAll is { } a)
                {
                    idleMiB = b.RssBytes / 1048576.0;
                    connectedMiB = a.RssBytes / 1048576.0;
                    kibPerConnection = (a.RssBytes - b.RssBytes) / 1024.0 / options.Subscribers;
                    if (samples.AfterFirst is { } w)
                    {
                        marginalKib = (a.RssBytes - w.RssBytes) / 1024.0 / (options.Subscribers - samples.First);
                    }
                }
            });
        table.AddRow([
            ("subscribers", options.Subscribers), ("transport", $"{options.Transport}/{options.HubProtocol}"), ("client", options.ClientName),
            ("hub RSS idle MiB", idleMiB), ("hub RSS connected MiB", connectedMiB), ("KiB/connection", kibPerConnection), ("KiB/connection after first 10%", marginalKib),
            ("rate spans/s", options.Rate), ("delivered spans/s", run.Delivered / Math.Max(1e-9, run.SendSeconds)),
            ("e2e p50 ms", run.Latency.Percentile(0.50)), ("e2e p99 ms", run.Latency.Percentile(0.99)), ("e2e max ms", run.Latency.Max),
            ("lost", run.Lost), ("duplicated", run.Duplicated), ("hub peak RSS MiB", run.PeakRssBytes is { } p ? p / 1048576.0 : double.NaN),
        ]);
        table.Note($"open-file limit (soft): {limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}; 10,000 subscribers need about 11,000 in each process");
        table.Note("KiB/connection: RSS after connecting and subscribing every client (2 s settle) minus RSS before, over N; GC heap slack included");
        table.Note("KiB/connection after first 10%: RSS after all minus RSS after the first N/10 (2 s settle each), over 9N/10: excludes one-time costs (JIT, assembly loads, pools)");
        return table;
    }

    private static long? FileDescriptorLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is { Length: > 3 } && long.TryParse(parts[3], out var soft) ? soft : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
