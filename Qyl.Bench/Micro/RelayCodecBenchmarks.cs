using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;
using Qyl.Hub.ScaleOut;
using Qyl.Ingest.Live;

namespace Qyl.Bench.Micro;

/// <summary>
/// The Redis relay's wire format for one 64-span block (<see cref="RelayMessage"/>, MessagePack)
/// beside the JSON array of the same spans that the first relay version sent (still decoded, for a
/// rolling upgrade). Encode runs once per block on the ingesting instance; decode once per block on
/// every other instance. Per-span cost = mean / 64.
/// </summary>
[MemoryDiagnoser]
public class RelayCodecBenchmarks
{
    private const int Spans = 64;
    private readonly Guid _instance = Guid.NewGuid();
    private SequencedBlock _block = null!;
    private byte[] _messagePack = null!;
    private byte[] _json = null!;

    /// <summary>Builds the block and both encodings.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var spans = Enumerable.Range(0, Spans).Select(i => BenchSpans.Chat(i) with { Seq = 1000 + i }).ToList();
        _block = new SequencedBlock(1000, 1000 + Spans - 1, spans);
        _messagePack = RelayMessage.Encode(_instance, _block);
        _json = EncodeJson();
        Console.WriteLine($"// 64-span relay block: MessagePack {_messagePack.Length:N0} bytes, JSON {_json.Length:N0} bytes");
    }

    /// <summary>Encode, MessagePack (current).</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public int MessagePack_Encode64() => RelayMessage.Encode(_instance, _block).Length;

    /// <summary>Encode, JSON (the first version).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public int Json_Encode64() => EncodeJson().Length;

    /// <summary>Decode, MessagePack.</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public int MessagePack_Decode64() => RelayMessage.Decode(_messagePack).Block.Spans.Count;

    /// <summary>Decode, JSON (the same decoder, legacy branch).</summary>
    [Benchmark(OperationsPerInvoke = Spans)]
    public int Json_Decode64() => RelayMessage.Decode(_json).Block.Spans.Count;

    private byte[] EncodeJson()
    {
        var buffer = new ArrayBufferWriter<byte>(32 + (Spans * 768));
        var header = buffer.GetSpan(32);
        _instance.TryWriteBytes(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], _block.FirstSeq);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], _block.LastSeq);
        buffer.Advance(32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var span in _block.Spans)
            {
                JsonSerializer.Serialize(writer, span, QylJsonContext.Default.SpanRecord);
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
