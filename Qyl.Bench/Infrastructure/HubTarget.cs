using System.Diagnostics;

namespace Qyl.Bench.Infrastructure;

/// <summary>CPU time and memory of the process that serves the hub, at one instant.</summary>
/// <param name="Cpu">User plus system CPU time so far.</param>
/// <param name="RssBytes">Resident set now (VmRSS).</param>
/// <param name="PeakRssBytes">Peak resident set so far (VmHWM).</param>
/// <param name="SystemCpu">System (kernel) CPU time so far: socket copies and loopback TCP land here.</param>
public readonly record struct ProcessSample(TimeSpan Cpu, long RssBytes, long PeakRssBytes, TimeSpan SystemCpu = default)
{
    /// <summary>Reads <paramref name="process"/> now.</summary>
    public static ProcessSample Of(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.Refresh();
        // On Linux these read /proc/<pid>/stat (utime+stime) and /proc/<pid>/status (VmRSS, VmHWM).
        return new ProcessSample(process.TotalProcessorTime, process.WorkingSet64, process.PeakWorkingSet64, process.PrivilegedProcessorTime);
    }
}

/// <summary>A hub the scenarios drive: a child process (default), this process, or one at a URL.</summary>
public interface IHubTarget : IAsyncDisposable
{
    /// <summary>Dashboard, hub, SSE and query API.</summary>
    Uri HttpUri { get; }

    /// <summary>OTLP/HTTP receiver.</summary>
    Uri OtlpHttpUri { get; }

    /// <summary>OTLP/gRPC receiver.</summary>
    Uri OtlpGrpcUri { get; }

    /// <summary>What the CPU and memory figures cover, for the table's notes.</summary>
    string Description { get; }

    /// <summary>The serving process now, or null when it cannot be observed (an external URL).</summary>
    ProcessSample? Sample();
}

/// <summary>Chooses the hub from the options: <c>--url</c>, <c>--in-process</c>, else a child process.</summary>
public static class HubTargets
{
    /// <summary>Starts (or points at) the hub for a scenario; <paramref name="settings"/> are extra configuration keys.</summary>
    public static async Task<IHubTarget> StartAsync(BenchArgs args, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var url = args.String("url");
        if (url is not null)
        {
            var http = new Uri(url);
            return new ExternalHub(http, new Uri(args.String("otlp-url", url)!), new Uri(args.String("grpc-url", url)!));
        }
        var all = new Dictionary<string, string?>
        {
            ["Qyl:HttpPort"] = "0", ["Qyl:OtlpHttpPort"] = "0", ["Qyl:OtlpGrpcPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:Qyl.Hub"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        if (args.Flag("in-process"))
        {
            return await InProcessHub.StartAsync(all);
        }
        var hubArgs = all.Select(kv => $"--{kv.Key}={kv.Value}").ToList();
        var dll = args.String("hub-dll") ?? RepoPaths.HubDll();
        var child = await ChildProcess.StartAsync("dotnet", [dll, .. hubArgs], TimeSpan.FromSeconds(60), cancellationToken);
        return new ChildHub(child);
    }

    private sealed class ExternalHub(Uri http, Uri otlpHttp, Uri otlpGrpc) : IHubTarget
    {
        public Uri HttpUri => http;

        public Uri OtlpHttpUri => otlpHttp;

        public Uri OtlpGrpcUri => otlpGrpc;

        public string Description => $"external hub at {http}: its CPU and memory are not observed";

        public ProcessSample? Sample() => null;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class ChildHub(ChildProcess child) : IHubTarget
    {
        public Uri HttpUri => child.Listener("dashboard");

        public Uri OtlpHttpUri => child.Listener("OTLP/HTTP", exact: true, fallback: "dashboard");

        public Uri OtlpGrpcUri => child.Listener("OTLP/gRPC", exact: true);

        public string Description => $"hub in child process {child.Id} (dotnet Qyl.Hub.dll): CPU and RSS are the hub's alone";

        public ProcessSample? Sample() => child.Sample();

        public ValueTask DisposeAsync() => child.DisposeAsync();
    }
}
