using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qyl.Bench.Otlp;
using Qyl.Ingest;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Protobuf;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;

namespace Qyl.Bench.Micro;

/// <summary>
/// The hub's per-span work without HTTP: a fresh 512-span request (new ids each time, as the
/// <c>ingest</c> scenario sends) decoded and appended to a full embedded store that evicts as it
/// goes. Hub CPU per span on the loaded box varies with the neighbours; this does not.
/// </summary>
[MemoryDiagnoser]
public class IngestPathBenchmarks
{
    private const int Spans = 512;
    private OtlpRequestTemplate _template = null!;
    private byte[] _body = null!;
    private InMemorySpanStore _reference = null!;
    private InMemorySpanStore _fast = null!;
    private long _request;

    /// <summary>Creates two stores and fills them to their bound so every append also evicts.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _template = OtlpRequestTemplate.Create(Spans);
        _body = new byte[_template.Length];
        _reference = CreateStore();
        _fast = CreateStore();
        for (var i = 0; i < 50_000 / Spans + 1; i++)
        {
            DecodeAndStore();
            ReferenceDecodeAndStore();
        }
    }

    /// <summary>Generated messages, the reference mapper, then the store.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public object ReferenceDecodeAndStore()
    {
        _template.Render(_body, ++_request);
        var batch = OtlpSpanMapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(_body));
        return _reference.AppendAsync(batch.Spans, null, CancellationToken.None).Result;
    }

    /// <summary>What the receivers run: <see cref="OtlpProtobufDecoder"/>, then the store.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public object DecodeAndStore()
    {
        _template.Render(_body, ++_request);
        var batch = OtlpProtobufDecoder.Decode(_body);
        return _fast.AppendAsync(batch.Spans, null, CancellationToken.None).Result;
    }

    private static InMemorySpanStore CreateStore()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new InMemorySpanStore(
            Options.Create(new StorageOptions { MaxSpans = 50_000 }),
            new IngestMetrics(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            NullLogger<InMemorySpanStore>.Instance);
    }
}
