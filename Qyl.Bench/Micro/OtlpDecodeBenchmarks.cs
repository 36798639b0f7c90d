using BenchmarkDotNet.Attributes;
using Qyl.Bench.Otlp;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Bench.Micro;

/// <summary>
/// OTLP/HTTP protobuf decode plus mapping to SpanRecord, per span, for a 512-span request from
/// <see cref="OtlpRequestTemplate"/>: the reference path (Google.Protobuf generated messages, then
/// <see cref="OtlpSpanMapper"/>) against <see cref="OtlpProtobufDecoder"/>, in one run.
/// </summary>
[MemoryDiagnoser]
public class OtlpDecodeBenchmarks
{
    private const int Spans = 512;
    private byte[] _body = null!;

    /// <summary>Why the benchmark cannot run in this build, or null when it can.</summary>
    public static string? Unavailable => null;

    /// <summary>Encodes the request.</summary>
    [GlobalSetup]
    public void Setup() => _body = OtlpRequestTemplate.Create(Spans).Render(1);

    /// <summary>Protobuf parse into the generated messages only.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public object Decode() => ExportTraceServiceRequest.Parser.ParseFrom(_body);

    /// <summary>The reference path: parse, then map to SpanRecord.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public object DecodeAndMap() => OtlpSpanMapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(_body));

    /// <summary>What the receivers run: bytes straight to SpanRecord.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public object DecodeDirect() => OtlpProtobufDecoder.Decode(_body);
}
