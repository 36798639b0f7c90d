using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Qyl.Cli.Demo;

/// <summary><c>qyl demo</c>: sends realistic GenAI agent traffic to qyl over real OTLP/HTTP protobuf.</summary>
internal static class DemoCommand
{
    private static readonly string[] s_services = [.. AgentTraffic.Services];

    public static Command Build(TextWriter stderr)
    {
        var command = new Command("demo", "Send simulated GenAI agent traffic (OTLP/HTTP protobuf) to a qyl hub.");
        foreach (var option in DemoSettings.All)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => RunAsync(DemoSettings.From(parse), stderr, ct));
        return command;
    }

    public static async Task<int> RunAsync(DemoSettings settings, TextWriter stderr, CancellationToken ct)
    {
        if (!CliUrl.TryParse("--otlp-url", settings.OtlpUrl, out var baseUrl, out var urlError))
        {
            await stderr.WriteLineAsync(urlError);
            return ExitCodes.Usage;
        }
        if (settings.Problem() is { } problem)
        {
            await stderr.WriteLineAsync(problem);
            return ExitCodes.Usage;
        }
        var endpoint = new Uri(new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"), "v1/traces");

        // The SDK's exporter swallows failures (it logs to an EventSource), so ask once up front:
        // an empty ExportTraceServiceRequest is a valid protobuf body of zero bytes.
        var reachable = await ProbeAsync(endpoint, settings.ApiKey, stderr, ct);
        if (reachable != ExitCodes.Ok)
        {
            return reachable;
        }

        var sources = s_services.Select(s => new ActivitySource($"qyl.demo.{s}", "1.0.0")).ToList();
        var providers = s_services.Select((service, i) => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service, serviceVersion: "1.4.2")
                .AddAttributes([new("deployment.environment.name", "demo")]))
            .AddSource(sources[i].Name)
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = endpoint;
                o.ExportProcessorType = ExportProcessorType.Batch;
                o.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions
                {
                    ScheduledDelayMilliseconds = 200,
                    MaxExportBatchSize = 512,
                    MaxQueueSize = 16_384,
                };
                if (settings.ApiKey is { } key)
                {
                    o.Headers = $"x-api-key={key}";
                }
            })
            .Build()!).ToList();

        using var logsHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var logs = new DemoLogs(logsHttp, new Uri(new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"), "v1/logs"), settings.ApiKey);
        var traffic = new AgentTraffic(s_services.Zip(sources).ToDictionary(p => p.First, p => p.Second), settings.Sessions, new Random(), logs);
        using var stopLong = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var longCalls = new DemoLongCalls([.. s_services.Select((s, i) => (s, sources[i], (Action)(() => providers[i].ForceFlush(5_000))))], logs, new Random());
        var longRun = Task.Run(() => longCalls.RunAsync(stopLong.Token), CancellationToken.None);
        var lastLogs = TimeSpan.Zero;
        var logsFailed = false;
        var clock = Stopwatch.StartNew();
        var until = settings.DurationSeconds == 0 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(settings.DurationSeconds);
        long spans = 0;
        var lastReport = TimeSpan.Zero;
        await stderr.WriteLineAsync($"qyl demo: sending ~{settings.Rate.ToString(CultureInfo.InvariantCulture)} spans/s from {settings.Sessions} sessions to {endpoint} (Ctrl-C to stop)");
        try
        {
            while (clock.Elapsed < until && !ct.IsCancellationRequested)
            {
                spans += traffic.EmitTurn();
                // Pace to the rate: wait until the spans sent so far are due.
                var due = TimeSpan.FromSeconds(spans / settings.Rate);
                var wait = due - clock.Elapsed;
                var left = until - clock.Elapsed;
                var delay = wait < left ? wait : left;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, ct);
                }
                if (clock.Elapsed - lastLogs >= TimeSpan.FromMilliseconds(500))
                {
                    lastLogs = clock.Elapsed;
                    try
                    {
                        await logs.FlushAsync(ct);
                    }
                    catch (HttpRequestException ex) when (!logsFailed)
                    {
                        // Said once: a receiver without /v1/logs answers every batch the same way.
                        logsFailed = true;
                        await stderr.WriteLineAsync($"qyl demo: log records not delivered: {ex.Message}");
                    }
                    catch (HttpRequestException)
                    {
                    }
                }
                if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
                {
                    lastReport = clock.Elapsed;
                    await stderr.WriteLineAsync($"qyl demo: {spans} spans in {clock.Elapsed.TotalSeconds:0.0}s");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C: stop generating, still deliver what was generated.
        }

        // Long calls still running end now, so nothing the demo started stays in progress.
        await stopLong.CancelAsync();
        await longRun;
        try
        {
            await logs.FlushAsync(CancellationToken.None);
        }
        catch (HttpRequestException ex) when (!logsFailed)
        {
            // A receiver without /v1/logs still gets the traces: worth saying, not a failure.
            await stderr.WriteLineAsync($"qyl demo: log records not delivered: {ex.Message}");
        }
        catch (HttpRequestException)
        {
        }
        var flushed = true;
        foreach (var provider in providers)
        {
            flushed &= provider.ForceFlush(10_000);
            provider.Dispose();
        }
        foreach (var source in sources)
        {
            source.Dispose();
        }
        if (!flushed)
        {
            await stderr.WriteLineAsync($"qyl demo: {spans} spans generated, but not all could be delivered to {endpoint} (is qyl still running?)");
            return ExitCodes.Unreachable;
        }
        await stderr.WriteLineAsync($"qyl demo: sent {spans} spans in {clock.Elapsed.TotalSeconds:0.0}s to {endpoint}");
        return ExitCodes.Ok;
    }

    private static async Task<int> ProbeAsync(Uri endpoint, string? apiKey, TextWriter stderr, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new("application/x-protobuf");
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                await stderr.WriteLineAsync($"qyl demo: {endpoint} refused the API key (401): pass --api-key with the hub's Qyl:ApiKey.");
                return ExitCodes.Unauthorized;
            }
            if (!response.IsSuccessStatusCode)
            {
                // Reachable but unhappy with an empty export: worth saying, not worth stopping for.
                await stderr.WriteLineAsync($"qyl demo: warning: {endpoint} answered {(int)response.StatusCode} to an empty export.");
            }
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"cannot reach qyl at {endpoint}: {ex.Message} (is Qyl.Hub running? set --otlp-url)");
            return ExitCodes.Unreachable;
        }
    }
}
