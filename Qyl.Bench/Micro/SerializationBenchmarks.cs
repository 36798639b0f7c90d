using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MessagePack;
using MessagePack.Resolvers;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;

namespace Qyl.Bench.Micro;

/// <summary>
/// One <c>Spans</c> message body: a 64-span <see cref="SpanBatch"/> in MessagePack (the contractless
/// standard resolver, which honours DataMember names, as SignalR's MessagePack protocol is set up)
/// and JSON (source-generated <see cref="QylJsonContext"/>). Per-span cost = mean / 64.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private const int Spans = 64;
    private static readonly MessagePackSerializerOptions MessagePackOptions =
        MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance);
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private SpanBatch _batch = null!;
    private byte[] _messagePack = null!;
    private byte[] _json = null!;

    /// <summary>realistic (a 64-span body of the realistic workload, as decoded) or uniform.</summary>
    [Params("realistic", "uniform")]
    public string Workload { get; set; } = "realistic";

    /// <summary>Builds the batch and its encodings.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _batch = new SpanBatch { Key = "serviceName=bench-agent", Spans = [.. BenchWorkload.Create(Workload, Spans).Decoded(1).Select((s, i) => s with { Seq = 1000 + i })] };
        _messagePack = MessagePackSerializer.Serialize(_batch, MessagePackOptions);
        _json = JsonSerializer.SerializeToUtf8Bytes(_batch, QylJsonContext.Default.SpanBatch);
        Console.WriteLine($"// 64-span batch: MessagePack {_messagePack.Length:N0} bytes, JSON {_json.Length:N0} bytes");
    }

    /// <summary>MessagePack encode.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public int MessagePack_Serialize64()
    {
        _buffer.ResetWrittenCount();
        MessagePackSerializer.Serialize(_buffer, _batch, MessagePackOptions);
        return _buffer.WrittenCount;
    }

    /// <summary>JSON encode.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public int Json_Serialize64()
    {
        _buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_buffer);
        JsonSerializer.Serialize(writer, _batch, QylJsonContext.Default.SpanBatch);
        return (int)writer.BytesCommitted + writer.BytesPending;
    }

    /// <summary>MessagePack decode (what a .NET subscriber pays).</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public int MessagePack_Deserialize64() => MessagePackSerializer.Deserialize<SpanBatch>(_messagePack, MessagePackOptions).Spans.Count;

    /// <summary>JSON decode.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public int Json_Deserialize64() => JsonSerializer.Deserialize(_json, QylJsonContext.Default.SpanBatch)!.Spans.Count;
}
