using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qyl.Bench.Infrastructure;
using Qyl.Ingest;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Protobuf;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;

namespace Qyl.Bench.Micro;

/// <summary>
/// The hub's per-span work without HTTP: a fresh 512-span request of the workload (new ids each
/// time, and realistic: the next of its 64 bodies, as the <c>ingest</c> scenario sends) decoded and appended to a full embedded store that evicts as it
/// goes. Hub CPU per span on the loaded box varies with the neighbours; this does not.
/// </summary>
[MemoryDiagnoser]
public class IngestPathBenchmarks
{
    private const int Spans = 512;
    private BenchWorkload _workload = null!;
    private byte[][] _buffers = null!;
    private InMemorySpanStore _reference = null!;
    private InMemorySpanStore _fast = null!;
    private long _request;

    /// <summary>realistic or uniform.</summary>
    [Params("realistic", "uniform")]
    public string Workload { get; set; } = "realistic";

    /// <summary>Creates two stores and fills them to their bound so every append also evicts.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _workload = BenchWorkload.Create(Workload, Spans);
        _buffers = [.. _workload.Templates.Select(t => new byte[t.Length])];
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
        var batch = OtlpSpanMapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(Next()));
        return _reference.AppendAsync(batch.Spans, null, CancellationToken.None).Result;
    }

    /// <summary>What the receivers run: <see cref="OtlpProtobufDecoder"/>, then the store.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public object DecodeAndStore()
    {
        var batch = OtlpProtobufDecoder.Decode(Next());
        return _fast.AppendAsync(batch.Spans, null, CancellationToken.None).Result;
    }

    private byte[] Next()
    {
        var request = ++_request;
        var body = _buffers[request % _buffers.Length];
        _workload.For(request).Render(body, request);
        return body;
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
