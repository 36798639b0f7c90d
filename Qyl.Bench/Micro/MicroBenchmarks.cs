using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Qyl.Bench.Micro;

/// <summary>
/// <c>micro [--filter *] [--quick] [--full]</c>: BenchmarkDotNet, in process (no generated project to
/// build on a shared box). ShortRun by default; <c>--full</c> for the default job, <c>--quick</c> for a dry run.
/// </summary>
public static class MicroBenchmarks
{
    /// <summary>Runs the selected benchmarks; returns 0 when they all ran.</summary>
    public static int Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var full = args.Contains("--full");
        var rest = args.Where(a => a is not "--quick" and not "--full").ToArray();
        if (!rest.Contains("--filter"))
        {
            rest = [.. rest, "--filter", "*"];
        }
        var job = (quick ? Job.Dry : full ? Job.Default : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job);
        var types = new List<Type> { typeof(SpanFilterBenchmarks), typeof(SerializationBenchmarks), typeof(IngestPathBenchmarks), typeof(RelayCodecBenchmarks) };
        if (OtlpDecodeBenchmarks.Unavailable is { } why)
        {
            Console.WriteLine($"micro: OTLP decode benchmark skipped: {why}");
        }
        else
        {
            types.Add(typeof(OtlpDecodeBenchmarks));
        }
        var summaries = BenchmarkSwitcher.FromTypes([.. types]).Run(rest, config).ToList();
        return summaries.Count > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }
}
