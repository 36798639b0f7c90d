using MessagePack;
using MessagePack.Formatters;

namespace Qyl.Contracts;

/// <summary>
/// MessagePack for an attribute map by the <see cref="AttributeValues"/> rules. It sits on the
/// contract's properties, so the hub's MessagePack protocol (in the hub and in any client using the
/// standard resolvers) and the scale-out relay all read back the attribute value types: MessagePack's
/// general object formatter would give the smallest integer type that fits and
/// <c>Dictionary&lt;object, object&gt;</c>.
/// </summary>
public sealed class AttributeMapFormatter : IMessagePackFormatter<Dictionary<string, object?>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, Dictionary<string, object?> value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteMapHeader(0);
            return;
        }
        AttributeValueMessagePack.WriteMap(ref writer, value);
    }

    /// <inheritdoc />
    public Dictionary<string, object?> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TryReadNil())
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }
        return AttributeValueMessagePack.ReadMap(ref reader, options);
    }
}

/// <summary>MessagePack for one attribute value (a log body) by the <see cref="AttributeValues"/> rules.</summary>
public sealed class AttributeValueFormatter : IMessagePackFormatter<object?>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, object? value, MessagePackSerializerOptions options) =>
        AttributeValueMessagePack.WriteValue(ref writer, value);

    /// <inheritdoc />
    public object? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return AttributeValueMessagePack.ReadValue(ref reader, options);
    }
}

internal static class AttributeValueMessagePack
{
    public static void WriteMap(ref MessagePackWriter writer, Dictionary<string, object?> map)
    {
        writer.WriteMapHeader(map.Count);
        foreach (var (key, value) in map)
        {
            writer.Write(key);
            WriteValue(ref writer, value);
        }
    }

    public static void WriteValue(ref MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNil(); break;
            case string s: writer.Write(s); break;
            case bool b: writer.Write(b); break;
            case long l: writer.Write(l); break;
            case double d: writer.Write(d); break;
            case object?[] items:
                writer.WriteArrayHeader(items.Length);
                foreach (var item in items)
                {
                    WriteValue(ref writer, item);
                }
                break;
            case Dictionary<string, object?> map: WriteMap(ref writer, map); break;
            default:
                // Normalize always gives a canonical value, so this recursion is one level deep.
                WriteValue(ref writer, AttributeValues.Normalize(value));
                break;
        }
    }

    public static object? ReadValue(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return ReadInteger(ref reader);
            case MessagePackType.Float:
                return reader.ReadDouble();
            case MessagePackType.String:
                return reader.ReadString();
            case MessagePackType.Binary:
                var bytes = reader.ReadBytes()!.Value;
                return bytes.IsSingleSegment ? AttributeValues.FromBytes(bytes.FirstSpan) : AttributeValues.FromBytes(System.Buffers.BuffersExtensions.ToArray(bytes));
            case MessagePackType.Array:
                return ReadArray(ref reader, options);
            case MessagePackType.Map:
                return ReadMap(ref reader, options);
            default:
                throw new MessagePackSerializationException(
                    $"An attribute value is a MessagePack {reader.NextMessagePackType}, which no qyl writer produces.");
        }
    }

    public static Dictionary<string, object?> ReadMap(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadMapHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var map = new Dictionary<string, object?>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString() ?? throw new MessagePackSerializationException("An attribute map has a nil key.");
                map[key] = ReadValue(ref reader, options);
            }
            return map;
        }
        finally
        {
            reader.Depth--;
        }
    }

    // An unsigned 64-bit integer above long.MaxValue (never written by qyl) becomes a double,
    // as AttributeValues.Normalize maps one.
    private static object ReadInteger(ref MessagePackReader reader) =>
        reader.NextCode == MessagePackCode.UInt64 ? ToValue(reader.ReadUInt64()) : reader.ReadInt64();

    private static object ToValue(ulong value) => value <= long.MaxValue ? (object)(long)value : (double)value;

    private static object?[] ReadArray(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var items = new object?[count];
            for (var i = 0; i < count; i++)
            {
                items[i] = ReadValue(ref reader, options);
            }
            return items;
        }
        finally
        {
            reader.Depth--;
        }
    }
}
