using System.Diagnostics;
using Qyl.Bench.Infrastructure;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Bench.Scenarios;

/// <summary>CPU per span of decoding a workload's bodies: the generated parser alone, and qyl's decoder.</summary>
/// <param name="GeneratedMicrosPerSpan">Google.Protobuf's generated <c>ExportTraceServiceRequest</c> parser, nothing else.</param>
/// <param name="QylDecoderMicrosPerSpan"><see cref="OtlpProtobufDecoder.Decode"/> (bytes to stored records).</param>
/// <param name="Spans">Spans parsed in the generated parser's timed window.</param>
public readonly record struct DecodeCeilingResult(double GeneratedMicrosPerSpan, double QylDecoderMicrosPerSpan, long Spans);

/// <summary>
/// The ingest scenario's decode ceiling: the same bodies, rendered once with fresh ids, decoded in a
/// loop on one thread of the bench process for a fixed time after an untimed warm-up (tiered JIT),
/// CPU read from the process (so the decoder's GC work counts, as it does in the hub).
/// </summary>
public static class DecodeCeiling
{
    /// <summary>Measures both decoders for <paramref name="duration"/> each.</summary>
    public static DecodeCeilingResult Measure(BenchWorkload workload, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var bodies = workload.Templates.Select((t, i) => t.Render(((long)0x7e << 48) | (long)i)).ToArray();
        var spansPerBody = workload.Templates.Select(t => t.SpanCount).ToArray();
        var generated = Run(bodies, spansPerBody, duration, static b => ExportTraceServiceRequest.Parser.ParseFrom(b));
        var qyl = Run(bodies, spansPerBody, duration, static b => OtlpProtobufDecoder.Decode(b));
        return new DecodeCeilingResult(generated.Micros, qyl.Micros, generated.Spans);
    }

    private static (double Micros, long Spans) Run(byte[][] bodies, int[] spansPerBody, TimeSpan duration, Func<byte[], object> decode)
    {
        var warmup = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, duration.Ticks / 2));
        Loop(bodies, spansPerBody, warmup, decode);
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var spans = Loop(bodies, spansPerBody, duration, decode);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return (cpu.TotalMilliseconds * 1000 / Math.Max(1, spans), spans);
    }

    private static long Loop(byte[][] bodies, int[] spansPerBody, TimeSpan duration, Func<byte[], object> decode)
    {
        var clock = Stopwatch.StartNew();
        var spans = 0L;
        var i = 0;
        while (clock.Elapsed < duration)
        {
            GC.KeepAlive(decode(bodies[i]));
            spans += spansPerBody[i];
            i = (i + 1) % bodies.Length;
        }
        return spans;
    }
}
