using System.Diagnostics;
using Qyl.Bench.Infrastructure;
using Qyl.Bench.Otlp;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// <c>ingest</c>: N concurrent senders post S-span OTLP requests as fast as the hub answers, for a
/// fixed time. Reports accepted spans/s, request latency, back-pressure answers, the hub's CPU and
/// the memory each retained span costs.
/// </summary>
public static class IngestBench
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<ResultTable> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var protocol = args.String("protocol", "http")!;
        var senders = args.Int("senders", 4);
        var spans = args.Int("spans", 512);
        var seconds = args.Double("duration", 10, quick: 3);
        // Tiered compilation and dynamic PGO keep recompiling the hot path for several seconds after
        // start (the lead's profile still saw the JIT and instrumented tiers at 5-10 s): a warm-up
        // phase with the same senders, counted in no figure, so the run measures the steady state.
        var warmup = args.Double("warmup", 3, quick: 1);
        var memorySpans = args.Int("memory-spans", 200_000, quick: 20_000);
        var maxRequests = args.Int("max-requests", 2_000_000);
        var workload = BenchWorkload.From(args, spans, "bench-agent");
        var ceilingSeconds = args.Double("ceiling-seconds", 3, quick: 0.5);

        // The store keeps every span of the memory phase; the throughput phase then evicts at its bound.
        await using var hub = await HubTargets.StartAsync(args, new Dictionary<string, string>
        {
            ["Qyl:Storage:MaxSpans"] = Math.Max(memorySpans, 200_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken);
        Console.WriteLine($"ingest: {senders} x {spans} spans/request over {protocol}; {workload.Describe()}; {hub.Description}");

        var pool = Enumerable.Range(0, senders).Select(_ => OtlpSender.Create(protocol, hub.OtlpHttpUri, hub.OtlpGrpcUri)).ToArray();
        try
        {
            // Memory: RSS before and after storing a known number of spans, the hub otherwise idle.
            await Task.Delay(500, cancellationToken);
            var idle = hub.Sample();
            var requestsForMemory = (memorySpans + spans - 1) / spans;
            var memoryRun = await RunPhaseAsync(pool, workload, TimeSpan.FromMinutes(2), requestsForMemory, 1, cancellationToken);
            await Task.Delay(2000, cancellationToken);
            var filled = hub.Sample();
            double? bytesPerSpan = idle is { } a && filled is { } b && memoryRun.AcceptedSpans > 0
                ? (double)(b.RssBytes - a.RssBytes) / memoryRun.AcceptedSpans
                : null;

            await RunPhaseAsync(pool, workload, TimeSpan.FromSeconds(warmup), maxRequests, 1000, cancellationToken);
            var before = hub.Sample();
            var run = await RunPhaseAsync(pool, workload, TimeSpan.FromSeconds(seconds), maxRequests, 2000, cancellationToken);
            var after = hub.Sample();
            // The same bodies through Google.Protobuf's generated parser alone, in this process while the hub idles.
            var ceiling = DecodeCeiling.Measure(workload, TimeSpan.FromSeconds(ceilingSeconds));

            var cpuSeconds = before is { } x && after is { } y ? (y.Cpu - x.Cpu).TotalSeconds : double.NaN;
            var hubMicros = cpuSeconds * 1e6 / Math.Max(1, run.AcceptedSpans);
            var table = new ResultTable("ingest");
            table.AddRow([
                ("workload", workload.Name), ("protocol", protocol), ("senders", senders), ("spans/req", spans), ("seconds", run.Elapsed.TotalSeconds),
                ("requests", run.Requests), ("accepted spans/s", run.AcceptedSpans / run.Elapsed.TotalSeconds),
                ("p50 ms", run.Latency.Percentile(0.50)), ("p99 ms", run.Latency.Percentile(0.99)), ("max ms", run.Latency.Max),
                ("rejected", run.RejectedSpans), ("429", run.Throttled), ("503", run.Unavailable), ("failed", run.Failed),
                ("hub CPU s", cpuSeconds), ("hub CPU us/span", hubMicros),
                ("protobuf parse us/span", ceiling.GeneratedMicrosPerSpan), ("hub / parse", hubMicros / ceiling.GeneratedMicrosPerSpan),
                ("qyl decoder us/span", ceiling.QylDecoderMicrosPerSpan),
                ("hub peak RSS MiB", after is { } p ? p.PeakRssBytes / 1048576.0 : double.NaN),
                ("bytes/retained span", bytesPerSpan ?? double.NaN),
            ]);
            table.Note(hub.Description);
            table.Note(workload.Describe());
            table.Note($"decode ceiling: the same bodies parsed by Google.Protobuf's generated ExportTraceServiceRequest parser and nothing else, one thread in the bench process while the hub idles, {ceiling.Spans:N0} spans in {ceilingSeconds:0.#} s (process CPU incl. its GC); 'hub / parse' is the hub's whole path (hub CPU per accepted span) over it. 'qyl decoder' is the hub's own OtlpProtobufDecoder on the same bodies, measured the same way");
            table.Note($"a {warmup:0.#} s warm-up with the same senders ran before the measured {seconds:0.#} s and is excluded from every figure (--warmup)");
            table.Note($"bytes/retained span: hub RSS after storing {memoryRun.AcceptedSpans:N0} spans (2 s settle) minus idle RSS, divided by that count; includes GC heap slack and the store's indexes, so it is an upper bound");
            table.Note("senders run in the bench process on the same cores: the figure is bounded by hub and client CPU together");
            if (run.FirstFailure is not null)
            {
                table.Note($"first failure: {run.FirstFailure}");
            }
            return table;
        }
        finally
        {
            foreach (var sender in pool)
            {
                sender.Dispose();
            }
        }
    }

    /// <summary>Runs every sender until <paramref name="duration"/> or <paramref name="maxRequests"/> in total.</summary>
    private static async Task<PhaseResult> RunPhaseAsync(
        OtlpSender[] pool, BenchWorkload workload, TimeSpan duration, int maxRequests, int phase, CancellationToken cancellationToken)
    {
        var result = new PhaseResult();
        var issued = 0L;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        var tasks = pool.Select((sender, index) => Task.Run(async () =>
        {
            // One buffer per body per sender: bodies differ in length, and a request owns its buffer until answered.
            var buffers = new byte[workload.Templates.Count][];
            var counter = 0L;
            while (clock.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests)
            {
                // Senders start at different bodies, so the bodies in flight at once differ.
                var requestNumber = ((long)phase << 48) | ((long)(index + 1) << 36) | counter++;
                var slot = (int)((counter + (index * 17)) % workload.Templates.Count);
                var template = workload.Templates[slot];
                var body = buffers[slot] ??= new byte[template.Length];
                template.Render(body, requestNumber);
                var started = Stopwatch.GetTimestamp();
                var outcome = await sender.SendAsync(body, stop.Token);
                result.Record(outcome, template.SpanCount, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (outcome.Status is SendStatus.Throttled or SendStatus.Unavailable)
                {
                    // Back off briefly rather than for the full Retry-After: we want to find the ceiling, not idle.
                    await Task.Delay(50, stop.Token);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(tasks);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    private sealed class PhaseResult
    {
        private long _requests;
        private long _accepted;
        private long _rejected;
        private long _throttled;
        private long _unavailable;
        private long _failed;

        public LatencyRecorder Latency { get; } = new();

        public TimeSpan Elapsed { get; set; }

        public long Requests => Interlocked.Read(ref _requests);

        public long AcceptedSpans => Interlocked.Read(ref _accepted);

        public long RejectedSpans => Interlocked.Read(ref _rejected);

        public long Throttled => Interlocked.Read(ref _throttled);

        public long Unavailable => Interlocked.Read(ref _unavailable);

        public long Failed => Interlocked.Read(ref _failed);

        public string? FirstFailure { get; private set; }

        public void Record(SendOutcome outcome, int spans, double latencyMs)
        {
            Interlocked.Increment(ref _requests);
            Latency.Add(latencyMs);
            switch (outcome.Status)
            {
                case SendStatus.Accepted:
                    Interlocked.Add(ref _accepted, spans - outcome.RejectedSpans);
                    Interlocked.Add(ref _rejected, outcome.RejectedSpans);
                    break;
                case SendStatus.Throttled:
                    Interlocked.Increment(ref _throttled);
                    break;
                case SendStatus.Unavailable:
                    Interlocked.Increment(ref _unavailable);
                    break;
                default:
                    Interlocked.Increment(ref _failed);
                    FirstFailure ??= outcome.Detail;
                    break;
            }
        }
    }
}
