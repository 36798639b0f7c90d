using BenchmarkDotNet.Attributes;
using Qyl.Bench.Infrastructure;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Bench.Micro;

/// <summary>
/// OTLP/HTTP protobuf decode plus mapping to SpanRecord, per span, for 512-span requests of the
/// workload (realistic: each invocation the next of its 64 bodies): the reference path
/// (Google.Protobuf generated messages, then <see cref="OtlpSpanMapper"/>) against
/// <see cref="OtlpProtobufDecoder"/>, in one run.
/// </summary>
[MemoryDiagnoser]
public class OtlpDecodeBenchmarks
{
    private const int Spans = 512;
    private byte[][] _bodies = null!;
    private int _next;

    /// <summary>Why the benchmark cannot run in this build, or null when it can.</summary>
    public static string? Unavailable => null;

    /// <summary>realistic or uniform.</summary>
    [Params("realistic", "uniform")]
    public string Workload { get; set; } = "realistic";

    /// <summary>Encodes the requests.</summary>
    [GlobalSetup]
    public void Setup() => _bodies = [.. BenchWorkload.Create(Workload, Spans).Templates.Select((t, i) => t.Render(i + 1))];

    /// <summary>Protobuf parse into the generated messages only.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public object Decode() => ExportTraceServiceRequest.Parser.ParseFrom(Next());

    /// <summary>The reference path: parse, then map to SpanRecord.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public object DecodeAndMap() => OtlpSpanMapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(Next()));

    /// <summary>What the receivers run: bytes straight to SpanRecord.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public object DecodeDirect() => OtlpProtobufDecoder.Decode(Next());

    private byte[] Next() => _bodies[_next++ % _bodies.Length];
}
