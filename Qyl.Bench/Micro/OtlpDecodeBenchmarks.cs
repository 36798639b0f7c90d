using System.Reflection;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Qyl.Bench.Otlp;
using Qyl.Ingest.Storage;

namespace Qyl.Bench.Micro;

/// <summary>
/// OTLP/HTTP protobuf decode plus mapping to SpanRecord, per span, for a 512-span request from
/// <see cref="OtlpRequestTemplate"/>. The generated OTLP classes and the mapper live in Qyl.Ingest;
/// they are found by name so this project builds whether or not the OTLP receiver is merged yet.
/// </summary>
[MemoryDiagnoser]
public class OtlpDecodeBenchmarks
{
    private const int Spans = 512;
    private static readonly Type? RequestType = typeof(ISpanStore).Assembly.GetTypes().FirstOrDefault(t => t.Name == "ExportTraceServiceRequest");
    private static readonly MethodInfo? MapMethod = RequestType is null ? null : typeof(ISpanStore).Assembly.GetTypes()
        .FirstOrDefault(t => t.Name == "OtlpSpanMapper")?.GetMethod("Map", BindingFlags.Public | BindingFlags.Static, [RequestType]);
    private MessageParser _parser = null!;
    private byte[] _body = null!;

    /// <summary>Why the benchmark cannot run in this build, or null when it can.</summary>
    public static string? Unavailable =>
        RequestType is null ? "Qyl.Ingest has no ExportTraceServiceRequest (branch otlp not merged)"
        : MapMethod is null ? "Qyl.Ingest has no OtlpSpanMapper.Map(ExportTraceServiceRequest)"
        : null;

    /// <summary>Encodes the request and finds the parser.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _parser = (MessageParser)RequestType!.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        _body = OtlpRequestTemplate.Create(Spans).Render(1);
    }

    /// <summary>Protobuf parse only.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public object Decode() => _parser.ParseFrom(_body);

    /// <summary>Parse and map to SpanRecord, as the receiver does.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public object? DecodeAndMap() => MapMethod!.Invoke(null, [_parser.ParseFrom(_body)]);
}
