using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Qyl.Contracts;

/// <summary>
/// JSON for an attribute map by the <see cref="AttributeValues"/> rules. It sits on the contract's
/// properties, so every System.Text.Json reader of a record (the hub's JSON protocol in a client,
/// the PostgreSQL store, the relay's old JSON format, a reflection-based serializer) gets the
/// attribute value types back rather than <see cref="JsonElement"/>, and every writer writes them
/// the same way without per-value type lookups.
/// </summary>
public sealed class AttributeMapJsonConverter : JsonConverter<Dictionary<string, object?>>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override Dictionary<string, object?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? new Dictionary<string, object?>(StringComparer.Ordinal) : AttributeValueJson.ReadMap(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Dictionary<string, object?> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }
        AttributeValueJson.WriteMap(writer, value);
    }
}

/// <summary>JSON for one attribute value (a log body) by the <see cref="AttributeValues"/> rules.</summary>
public sealed class AttributeValueJsonConverter : JsonConverter<object?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AttributeValueJson.ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        AttributeValueJson.WriteValue(writer, value);
    }
}

internal static class AttributeValueJson
{
    public static Dictionary<string, object?> ReadMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An attribute map is a JSON object, not {reader.TokenType}.");
        }
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = ReadValue(ref reader);
        }
        return map;
    }

    public static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Number: return reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble();
            case JsonTokenType.StartObject: return ReadMap(ref reader);
            case JsonTokenType.StartArray:
                var items = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }
                return items.ToArray();
            default:
                throw new JsonException($"An attribute value cannot start with {reader.TokenType}.");
        }
    }

    public static void WriteMap(Utf8JsonWriter writer, Dictionary<string, object?> map)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in map)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: WriteDouble(writer, d); break;
            case object?[] items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            case Dictionary<string, object?> map: WriteMap(writer, map); break;
            default:
                var normalized = AttributeValues.Normalize(value);
                // Normalize always gives a canonical value, so this recursion is one level deep.
                WriteValue(writer, normalized);
                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (!double.IsFinite(d))
        {
            writer.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            return;
        }
        // The shortest round-trip text; an integral double gets ".0" so that it reads back as a double.
        Span<byte> text = stackalloc byte[40];
        d.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        if (text[..written].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0)
        {
            text[written++] = (byte)'.';
            text[written++] = (byte)'0';
        }
        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }
}
