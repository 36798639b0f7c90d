using Qyl.Bench.Infrastructure;
using Qyl.Bench.Micro;
using Qyl.Bench.Scenarios;

namespace Qyl.Bench;

/// <summary>
/// <c>dotnet run -c Release --project Qyl.Bench -- &lt;subcommand&gt; [options] [--quick]</c>.
/// Not top-level statements: the hub's <c>Program</c> class is referenced for in-process hubs.
/// </summary>
public static class BenchProgram
{
    private const string Usage = """
        qyl bench: load generator and micro-benchmarks (see BENCHMARKS.md)
          ingest       [--senders 4] [--spans 512] [--duration 10] [--warmup 3] [--protocol http|grpc] [--memory-spans 200000] [--ceiling-seconds 3]
          fanout       [--subscribers 100] [--rate 1000] [--batch 10] [--duration 10] [--warmup 10] [--transport websockets|sse|longpolling]
                       [--hub-protocol messagepack|json] [--baseline] [--client raw|signalr]
          connections  [--subscribers 1000] [--rate 10] [--duration 10] [--client raw|signalr]
          store        [--batches 400] [--spans 512] [--census] [--postgres "<connection string>" [--rounds 3]]
          relay        --postgres "<connection string>" [--redis "<host:port>"] [--subscribers 5] [--rate 1000] [--batch 10] [--duration 10]
          micro        [--filter *]   (BenchmarkDotNet)
        workload (ingest, fanout, connections, store): --workload realistic|uniform (default realistic) [--bodies 64] [--seed 1]
        common: --quick (short runs; warm-up 1 s), warm-up is never counted, --url URL (external hub; also --otlp-url, --grpc-url), --in-process, --hub-dll PATH
        exit codes: 0 done, 1 harness failure, 2 the hub lacks what the scenario needs (branch not merged yet)
        """;

    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        MachineInfo.MarkStart();
        if (args.Length > 0 && args[0] == "micro")
        {
            return MicroBenchmarks.Run(args[1..]);
        }
        if (args.Length > 0 && args[0] == BaselineHub.Command)
        {
            await BaselineHub.RunAsync(args[1..]);
            return 0;
        }
        BenchArgs parsed;
        try
        {
            parsed = BenchArgs.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        // A hard ceiling so no run, however configured, outlives its welcome on a shared box.
        cts.CancelAfter(TimeSpan.FromMinutes(parsed.Int("timeout-minutes", 15)));
        try
        {
            ResultTable? table = parsed.Command switch
            {
                "ingest" => await IngestBench.RunAsync(parsed, cts.Token),
                "fanout" => await FanoutBench.RunAsync(parsed, cts.Token),
                "connections" => await ConnectionsBench.RunAsync(parsed, cts.Token),
                "store" => await StoreBench.RunAsync(parsed, cts.Token),
                "relay" => await RelayBench.RunAsync(parsed, cts.Token),
                _ => null,
            };
            if (table is null)
            {
                Console.WriteLine(Usage);
                return parsed.Command is "help" or "--help" ? 0 : 1;
            }
            table.Emit(parsed);
            return 0;
        }
        catch (DependencyMissingException ex)
        {
            Console.Error.WriteLine($"{parsed.Command}: not measurable yet: {ex.Message}");
            return 2;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }
}
