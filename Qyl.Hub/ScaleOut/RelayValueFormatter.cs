using MessagePack;
using MessagePack.Formatters;

namespace Qyl.Hub.ScaleOut;

/// <summary>
/// Attribute values on the relay: written as MessagePack's own types, read back as exactly the plain
/// values the OTLP mappers produce (long, double, bool, string, <c>object?[]</c>,
/// <c>Dictionary&lt;string, object?&gt;</c>), so a relayed span equals a local one. MessagePack's
/// general object formatter would give back the smallest integer type that fits and
/// <c>Dictionary&lt;object, object&gt;</c>, which the contract's JSON and the filters do not expect.
/// </summary>
internal sealed class RelayValueFormatter : IMessagePackFormatter<object?>
{
    public static RelayValueFormatter Instance { get; } = new();

    public void Serialize(ref MessagePackWriter writer, object? value, MessagePackSerializerOptions options) =>
        PrimitiveObjectFormatter.Instance.Serialize(ref writer, value, options);

    public object? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return reader.ReadInt64();
            case MessagePackType.Float:
                return reader.ReadDouble();
            case MessagePackType.String:
                return reader.ReadString();
            case MessagePackType.Array:
                return ReadArray(ref reader, options);
            case MessagePackType.Map:
                return ReadMap(ref reader, options);
            default:
                throw new MessagePackSerializationException(
                    $"A relayed attribute value is a MessagePack {reader.NextMessagePackType}, which qyl never writes.");
        }
    }

    private object?[] ReadArray(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var items = new object?[count];
            for (var i = 0; i < count; i++)
            {
                items[i] = Deserialize(ref reader, options);
            }
            return items;
        }
        finally
        {
            reader.Depth--;
        }
    }

    private Dictionary<string, object?> ReadMap(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadMapHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var map = new Dictionary<string, object?>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString() ?? throw new MessagePackSerializationException("A relayed attribute map has a nil key.");
                map[key] = Deserialize(ref reader, options);
            }
            return map;
        }
        finally
        {
            reader.Depth--;
        }
    }
}
