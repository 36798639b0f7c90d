using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// <c>fanout</c>: N subscribers with one filter, a sender at a fixed rate; end-to-end latency from
/// the send time each span carries, delivery counts by seq, hub CPU per delivered span. qyl runs
/// once per view (<c>--view full|summary|both</c>, default both, each on a fresh hub). With
/// <c>--baseline</c> the same load runs against a one-message-per-span SignalR hub too.
/// </summary>
public static class FanoutBench
{
    private const string ServiceName = "bench-fanout";

    /// <summary>Runs the scenario.</summary>
    public static async Task<ResultTable> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        // 10 s of warm-up: profiles of the hub child (perf, 2 cores) still show 22 % of its samples in the JIT
        // 9-15 s after start (tiering and PGO rejits of the delivery path), 4 % at 17-23 s and 3 % at 28-34 s.
        // With the old 2 s the measured window counted that one-time cost against whichever hub has more code.
        var options = FanoutOptions.From(args, subscribersDefault: 100, subscribersQuick: 20, rateDefault: 1000, warmupDefault: 10);
        var table = new ResultTable("fanout");
        var workload = BenchWorkload.From(args, options.Batch, ServiceName, stampSendTime: true);
        table.Note(workload.Describe());
        var withBaseline = args.Flag("baseline");
        var views = args.String("view", "both")!.ToLowerInvariant() switch
        {
            "both" => new[] { SpanFilter.FullView, SpanFilter.SummaryView },
            SpanFilter.FullView => [SpanFilter.FullView],
            SpanFilter.SummaryView => [SpanFilter.SummaryView],
            var v => throw new ArgumentException($"--view must be full, summary or both; it is '{v}'."),
        };
        var qyl = new List<(string View, FanoutRun Run)>();
        try
        {
            // Each view on a hub of its own: one view's subscribers never share the other's hub.
            foreach (var view in views)
            {
                qyl.Add((view, await RunQylAsync(args, workload, options, view, table, cancellationToken)));
            }
        }
        catch (DependencyMissingException ex) when (withBaseline)
        {
            // The baseline is still worth a figure while the qyl hub is not merged.
            table.Note($"qyl: not measurable yet: {ex.Message}");
        }
        if (withBaseline)
        {
            var baseline = await RunBaselineAsync(workload, options, cancellationToken);
            table.AddRow(baseline.Cells("baseline (1 msg/span)", options));
            foreach (var (view, run) in qyl)
            {
                table.Note($"qyl {view} view / baseline: hub CPU per delivered span {run.CpuMicrosPerDelivered / baseline.CpuMicrosPerDelivered:F2}, " +
                    $"e2e p99 {run.Latency.Percentile(0.99) / baseline.Latency.Percentile(0.99):F2}, " +
                    $"hub peak RSS {(run.PeakRssBytes ?? double.NaN) / (baseline.PeakRssBytes ?? double.NaN):F2}, " +
                    $"wire bytes per delivered span {run.BytesReceived / (double)Math.Max(1, run.Delivered) / (baseline.BytesReceived / (double)Math.Max(1, baseline.Delivered)):F2}");
            }
        }
        table.Note(options.RawClient
            ? "subscribers (raw client: skims seq and send time, see RawSubscriber) and sender run in the bench process on the same cores as the hub"
            : "subscribers (.NET HubConnection, full MessagePack decode of every span) and sender run in the bench process on the same cores as the hub: latency includes their CPU");
        return table;
    }

    private static async Task<FanoutRun> RunQylAsync(
        BenchArgs args, BenchWorkload workload, FanoutOptions options, string view, ResultTable table, CancellationToken cancellationToken)
    {
        await using var hub = await HubTargets.StartAsync(args, null, cancellationToken);
        table.Note(hub.Description);
        using var source = new OtlpSpanSource(hub.OtlpHttpUri, workload);
        var filter = workload.Filter with { View = view == SpanFilter.SummaryView ? view : null };
        var run = await RunAsync(new Uri(hub.HttpUri, TelemetryHubPaths.Hub), source, filter, hub.Sample, options, cancellationToken, metricsHub: hub.HttpUri);
        table.AddRow(run.Cells($"qyl ({view} view)", options));
        if (!double.IsNaN(run.HubP99Ms))
        {
            table.Note($"qyl {view} view hub-side latency (accept to handed to SignalR, per batch and connection, /metrics buckets, every batch handed over in the window, warm-up backlog included): p50 <= {run.HubP50Ms:0.#} ms, p99 <= {run.HubP99Ms:0.#} ms; the rest of e2e is transport and the bench's clients");
        }
        return run;
    }

    private static async Task<FanoutRun> RunBaselineAsync(BenchWorkload workload, FanoutOptions options, CancellationToken cancellationToken)
    {
        var benchDll = typeof(BenchProgram).Assembly.Location;
        await using var child = await ChildProcess.StartAsync("dotnet", [benchDll, BaselineHub.Command], TimeSpan.FromSeconds(60), cancellationToken);
        var url = child.Listener("baseline");
        using var source = new BaselineSpanSource(url, workload);
        return await RunAsync(new Uri(url, BaselineHub.Path), source, workload.Filter, () => child.Sample(), options, cancellationToken);
    }

    /// <summary>Connects the subscribers, warms up, measures, drains; shared with <c>connections</c>.</summary>
    internal static async Task<FanoutRun> RunAsync(
        Uri hubUrl, ISpanSource source, SpanFilter filter, Func<ProcessSample?> sample, FanoutOptions options, CancellationToken cancellationToken,
        Action<ConnectSamples>? afterConnect = null, Uri? metricsHub = null)
    {
        var before = sample();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(60) });
        var subscribers = new List<IBenchSubscriber>(options.Subscribers);
        using var pinging = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Started before connecting: connecting 10,000 clients takes longer than the hub's client timeout.
        var keepAlive = KeepAliveAsync(subscribers, pinging.Token);
        try
        {
            // The first tenth pays the one-time costs (JIT, assemblies, pools); the rest shows what one more connection costs.
            var first = afterConnect is null ? options.Subscribers : Math.Max(1, options.Subscribers / 10);
            await ConnectAllAsync(hubUrl, invoker, options, filter, subscribers, first, cancellationToken);
            ProcessSample? warm = null;
            if (first < options.Subscribers)
            {
                await Task.Delay(2000, cancellationToken);
                warm = sample();
                await ConnectAllAsync(hubUrl, invoker, options, filter, subscribers, options.Subscribers - first, cancellationToken);
            }
            await Task.Delay(2000, cancellationToken);
            afterConnect?.Invoke(new ConnectSamples(before, first, warm, sample()));

            var sent = await SendPacedAsync(source, options.Rate, options.Warmup, cancellationToken);
            await Task.Delay(500, cancellationToken);
            var receivedBefore = subscribers.Sum(s => s.Received);
            var bytesBefore = subscribers.Sum(s => s.BytesReceived);
            var messagesBefore = subscribers.Sum(s => s.MessagesReceived);
            using var metricsHttp = metricsHub is null ? null : new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var hubLatencyBefore = metricsHttp is null ? null : await HubDeliveryLatency.ScrapeAsync(metricsHttp, metricsHub!, cancellationToken);
            var cpuBefore = sample();
            var measureFrom = Stopwatch.GetTimestamp();
            foreach (var s in subscribers)
            {
                s.StartMeasuring(measureFrom);
            }
            var clock = Stopwatch.StartNew();
            var measuredSent = await SendPacedAsync(source, options.Rate, options.Duration, cancellationToken);
            sent += measuredSent;
            var sendSeconds = clock.Elapsed.TotalSeconds;

            // Drain: wait (bounded) until every subscriber has every span or nothing moves any more.
            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < options.Drain && subscribers.Any(s => s.Unique < sent))
            {
                await Task.Delay(50, cancellationToken);
            }
            var cpuAfter = sample();
            var hubLatencyAfter = hubLatencyBefore is null ? null : await HubDeliveryLatency.ScrapeAsync(metricsHttp!, metricsHub!, cancellationToken);
            var latency = new LatencyRecorder();
            foreach (var s in subscribers)
            {
                latency.AddAll(s.Latency);
            }
            var delivered = subscribers.Sum(s => s.Received) - receivedBefore;
            var bytes = subscribers.Sum(s => s.BytesReceived) - bytesBefore;
            var messages = subscribers.Sum(s => s.MessagesReceived) - messagesBefore;
            var cpu = cpuBefore is { } a && cpuAfter is { } b ? (b.Cpu - a.Cpu).TotalSeconds : double.NaN;
            var systemCpu = cpuBefore is { } sa && cpuAfter is { } sb ? (sb.SystemCpu - sa.SystemCpu).TotalSeconds : double.NaN;
            return new FanoutRun(
                options.Subscribers, sent, measuredSent, sendSeconds, delivered, latency,
                Lost: subscribers.Sum(s => Math.Max(0, sent - s.Unique)),
                Duplicated: subscribers.Sum(s => s.Duplicates),
                Dropped: subscribers.Sum(s => s.Dropped),
                CpuSeconds: cpu,
                PeakRssBytes: cpuAfter?.PeakRssBytes,
                SystemCpuSeconds: systemCpu,
                BytesReceived: bytes,
                Messages: messages)
            {
                HubP50Ms = hubLatencyAfter?.UpperBoundMs(hubLatencyBefore!, 0.50) ?? double.NaN,
                HubP99Ms = hubLatencyAfter?.UpperBoundMs(hubLatencyBefore!, 0.99) ?? double.NaN,
            };
        }
        finally
        {
            await pinging.CancelAsync();
            await keepAlive;
            await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Raw clients have no ping timer: ping every 10 s so the hub's 30 s client timeout never fires on long connects.</summary>
    private static async Task KeepAliveAsync(List<IBenchSubscriber> subscribers, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                IBenchSubscriber[] all;
                lock (subscribers)
                {
                    all = [.. subscribers];
                }
                foreach (var s in all)
                {
                    await s.PingAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task ConnectAllAsync(
        Uri hubUrl, HttpMessageInvoker invoker, FanoutOptions options, SpanFilter filter, List<IBenchSubscriber> subscribers, int count, CancellationToken cancellationToken)
    {
        // Connect in bounded parallelism: a thousand simultaneous negotiations only measure the accept queue.
        using var gate = new SemaphoreSlim(32);
        var tasks = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                IBenchSubscriber s = options.RawClient
                    ? await RawSubscriber.ConnectAsync(hubUrl, invoker, filter, cancellationToken)
                    : await Subscriber.ConnectAsync(hubUrl, options.Transport, options.HubProtocol, filter, cancellationToken);
                lock (subscribers)
                {
                    subscribers.Add(s);
                }
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        // On failure the caller's finally disposes whoever connected.
        await Task.WhenAll(tasks);
    }

    /// <summary>
    /// Sends batches on a fixed schedule, up to 64 in flight so one slow answer does not stall the
    /// rate (an exporter does not wait either); returns spans accepted.
    /// </summary>
    private static async Task<long> SendPacedAsync(ISpanSource source, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(source.BatchSize / rate);
        var batches = (long)Math.Ceiling(duration / interval);
        var clock = Stopwatch.StartNew();
        long accepted = 0;
        using var inFlight = new SemaphoreSlim(64);
        var sends = new List<Task>();
        for (long i = 0; i < batches && clock.Elapsed < duration + TimeSpan.FromSeconds(5); i++)
        {
            var due = interval * i - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }
            await inFlight.WaitAsync(cancellationToken);
            sends.Add(SendOneAsync(Interlocked.Increment(ref _batchNumber)));
        }
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return Interlocked.Read(ref accepted);

        async Task SendOneAsync(long batchNumber)
        {
            try
            {
                Interlocked.Add(ref accepted, await source.SendAsync(batchNumber, cancellationToken));
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A saturated hub answered too late: not counted as sent (its spans may still arrive; lost never goes negative).
                Console.Error.WriteLine($"send {batchNumber} failed: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                inFlight.Release();
            }
        }
    }

    private static long _batchNumber;
}

/// <summary>Options shared by <c>fanout</c> and <c>connections</c>.</summary>
internal sealed record FanoutOptions(
    int Subscribers, double Rate, int Batch, TimeSpan Duration, TimeSpan Warmup, TimeSpan Drain, HttpTransportType Transport, string HubProtocol, bool RawClient)
{
    /// <summary>The client column of the tables.</summary>
    public string ClientName => RawClient ? "raw" : "signalr";

    public static FanoutOptions From(BenchArgs args, int subscribersDefault, int subscribersQuick, double rateDefault, double warmupDefault = 2)
    {
        var transport = args.String("transport", "websockets")!.ToLowerInvariant() switch
        {
            "websockets" => HttpTransportType.WebSockets,
            "sse" or "serversentevents" => HttpTransportType.ServerSentEvents,
            "longpolling" => HttpTransportType.LongPolling,
            var t => throw new ArgumentException($"--transport must be websockets, sse or longpolling; it is '{t}'."),
        };
        var protocol = args.String("hub-protocol", "messagepack")!;
        // The raw client (RawSubscriber) speaks WebSockets + MessagePack only; anything else uses the .NET client.
        var client = args.String("client", "raw")!.ToLowerInvariant();
        if (client is not ("raw" or "signalr"))
        {
            throw new ArgumentException($"--client must be raw or signalr; it is '{client}'.");
        }
        var raw = client == "raw" && transport == HttpTransportType.WebSockets && protocol == "messagepack";
        return new FanoutOptions(
            args.Int("subscribers", subscribersDefault, subscribersQuick),
            args.Double("rate", rateDefault),
            args.Int("batch", 10),
            TimeSpan.FromSeconds(args.Double("duration", 10, quick: 3)),
            TimeSpan.FromSeconds(args.Double("warmup", warmupDefault, quick: 1)),
            TimeSpan.FromSeconds(args.Double("drain", 10, quick: 3)),
            transport,
            protocol,
            raw);
    }
}

/// <summary>Hub samples around connecting: before any, after the first <paramref name="First"/> (null when all at once), after all.</summary>
internal sealed record ConnectSamples(ProcessSample? Before, int First, ProcessSample? AfterFirst, ProcessSample? AfterAll);

/// <summary>What one fan-out run measured.</summary>
internal sealed record FanoutRun(
    int Subscribers, long Sent, long MeasuredSent, double SendSeconds, long Delivered, LatencyRecorder Latency,
    long Lost, long Duplicated, long Dropped, double CpuSeconds, long? PeakRssBytes, double SystemCpuSeconds, long BytesReceived, long Messages)
{
    public double CpuMicrosPerDelivered => CpuSeconds * 1e6 / Math.Max(1, Delivered);

    /// <summary>Hub-side latency quantiles from the hub's /metrics (bucket upper bounds); NaN when not available.</summary>
    public double HubP50Ms { get; init; } = double.NaN;

    /// <inheritdoc cref="HubP50Ms"/>
    public double HubP99Ms { get; init; } = double.NaN;

    public IEnumerable<(string, object?)> Cells(string hub, FanoutOptions options) =>
    [
        ("hub", hub), ("subscribers", Subscribers), ("transport", $"{options.Transport}/{options.HubProtocol}"), ("client", options.ClientName),
        ("sent spans/s", MeasuredSent / Math.Max(1e-9, SendSeconds)),
        ("delivered spans/s", Delivered / Math.Max(1e-9, SendSeconds)),
        ("e2e p50 ms", Latency.Percentile(0.50)), ("e2e p99 ms", Latency.Percentile(0.99)), ("e2e max ms", Latency.Max),
        ("lost", Lost), ("duplicated", Duplicated), ("dropped notices", Dropped),
        ("hub CPU us/delivered", CpuMicrosPerDelivered),
        ("hub kernel share", SystemCpuSeconds / Math.Max(1e-9, CpuSeconds)),
        ("spans/message", Messages == 0 ? double.NaN : Delivered / (double)Messages),
        ("wire bytes/delivered span", BytesReceived == 0 ? double.NaN : BytesReceived / (double)Math.Max(1, Delivered)),
        ("hub peak RSS MiB", PeakRssBytes is { } p ? p / 1048576.0 : double.NaN),
    ];
}
