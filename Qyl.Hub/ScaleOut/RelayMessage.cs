using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage.Postgres;

namespace Qyl.Hub.ScaleOut;

/// <summary>
/// One relayed block on the wire: the sending instance (16 bytes), the block's first and last seq
/// (int64 little endian each), then the spans as a JSON array in the contract's names. JSON because
/// attribute values are <see cref="object"/>: the store's JSON round trip already turns them back
/// into exactly the values the OTLP mapper produced, so a relayed span equals a local one.
/// </summary>
internal static class RelayMessage
{
    private const int HeaderBytes = 16 + 8 + 8;

    public static byte[] Encode(Guid instanceId, SequencedBlock block)
    {
        var buffer = new ArrayBufferWriter<byte>(HeaderBytes + 64 + (block.Count * 768));
        var header = buffer.GetSpan(HeaderBytes);
        instanceId.TryWriteBytes(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], block.FirstSeq);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], block.LastSeq);
        buffer.Advance(HeaderBytes);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var span in block.Spans)
            {
                JsonSerializer.Serialize(writer, span, QylJsonContext.Default.SpanRecord);
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes <paramref name="message"/>; throws <see cref="InvalidDataException"/> or <see cref="JsonException"/> when it is not one.</summary>
    public static (Guid InstanceId, SequencedBlock Block) Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderBytes + 2)
        {
            throw new InvalidDataException($"A relay message has at least {HeaderBytes + 2} bytes; this one has {message.Length}.");
        }
        var instanceId = new Guid(message[..16]);
        var first = BinaryPrimitives.ReadInt64LittleEndian(message[16..]);
        var last = BinaryPrimitives.ReadInt64LittleEndian(message[24..]);
        var reader = new Utf8JsonReader(message[HeaderBytes..]);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InvalidDataException("A relay message's spans are a JSON array.");
        }
        var spans = new List<SpanRecord>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var span = JsonSerializer.Deserialize(ref reader, QylJsonContext.Default.SpanRecord)
                ?? throw new InvalidDataException("A relay message holds a null span.");
            spans.Add(SpanRecordJson.WithClrValues(span));
        }
        return (instanceId, new SequencedBlock(first, last, spans));
    }
}
