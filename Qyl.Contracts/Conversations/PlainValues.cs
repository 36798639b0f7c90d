using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Qyl.Contracts.Conversations;

/// <summary>
/// Attribute and body values in the one shape the normalizer reads and the contract's JSON context
/// can write: <c>null</c>, <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/>, <c>object?[]</c> and <see cref="Dictionary{TKey, TValue}"/>. A record decoded
/// by qyl holds these already (plus <see cref="byte"/> arrays); a record that came over the hub's
/// JSON protocol holds <see cref="JsonElement"/>s instead, so both are read here and nowhere else.
/// </summary>
internal static class PlainValues
{
    // Message JSON nests a few levels (messages, parts, arguments); a hostile document nesting
    // thousands deep must not cost a deep recursion. Past this depth the value stays JSON text.
    private const int MaxDepth = 64;

    /// <summary>The plain form of any attribute value.</summary>
    public static object? From(object? value) => From(value, 0);

    private static object? From(object? value, int depth) => value switch
    {
        null => null,
        string or long or double or bool => value,
        int i => (long)i,
        float f => (double)f,
        byte[] bytes => Convert.ToBase64String(bytes),
        JsonElement element => FromElement(element, depth),
        Dictionary<string, object?> map => FromMap(map, depth),
        IReadOnlyDictionary<string, object?> map => FromPairs(map, depth),
        object?[] array => FromArray(array, depth),
        IEnumerable<object?> list => FromArray(list.ToArray(), depth),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static Dictionary<string, object?> FromMap(Dictionary<string, object?> map, int depth)
    {
        var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            copy[key] = depth >= MaxDepth ? null : From(item, depth + 1);
        }
        return copy;
    }

    private static Dictionary<string, object?> FromPairs(IReadOnlyDictionary<string, object?> map, int depth)
    {
        var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            copy[key] = depth >= MaxDepth ? null : From(item, depth + 1);
        }
        return copy;
    }

    private static object?[] FromArray(object?[] array, int depth)
    {
        var copy = new object?[array.Length];
        for (var i = 0; i < array.Length; i++)
        {
            copy[i] = depth >= MaxDepth ? null : From(array[i], depth + 1);
        }
        return copy;
    }

    private static object? FromElement(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var whole) ? whole : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Object when depth < MaxDepth:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    // Duplicate keys: last wins, as System.Text.Json's own deserializer does.
                    map[property.Name] = FromElement(property.Value, depth + 1);
                }
                return map;
            case JsonValueKind.Array when depth < MaxDepth:
                var items = new object?[element.GetArrayLength()];
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[index++] = FromElement(item, depth + 1);
                }
                return items;
            case JsonValueKind.Object or JsonValueKind.Array:
                return element.GetRawText();
            default:
                return null;
        }
    }

    /// <summary>
    /// Parses JSON text into its plain form; false (and no exception) for text that is not one
    /// complete JSON value.
    /// </summary>
    public static bool TryParseJson(string text, out object? value)
    {
        value = null;
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth * 2 });
            value = FromElement(document.RootElement, 0);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The plain value of a value that may be JSON text: a string whose text is a JSON object, array
    /// or string literal is parsed (producers send structured values as JSON text when the attribute
    /// must be a string; Microsoft.Extensions.AI serializes a tool's string result as <c>""rainy""</c>);
    /// any other string stays as it is.
    /// </summary>
    public static object? Structured(object? value)
    {
        var plain = From(value);
        if (plain is string text && LooksStructured(text) && TryParseJson(text, out var parsed))
        {
            return parsed;
        }
        return plain;
    }

    private static bool LooksStructured(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return !trimmed.IsEmpty && (trimmed[0] is '{' or '[' || (trimmed.Length >= 2 && trimmed[0] == '"' && trimmed.TrimEnd()[^1] == '"'));
    }

    /// <summary>The value as text: a string as it is, anything else as compact JSON.</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        string text => text,
        _ => ToJson(value),
    };

    /// <summary>
    /// Compact JSON of a plain value, keys in their order or (for identity, where producers differ in
    /// key order) sorted.
    /// </summary>
    public static string ToJson(object? value, bool sortKeys = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Write(writer, From(value), 0, sortKeys);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth, bool sortKeys)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case long whole:
                writer.WriteNumberValue(whole);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case Dictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in sortKeys ? map.OrderBy(p => p.Key, StringComparer.Ordinal) : map.AsEnumerable())
                {
                    writer.WritePropertyName(key);
                    Write(writer, depth >= MaxDepth ? null : item, depth + 1, sortKeys);
                }
                writer.WriteEndObject();
                break;
            case object?[] array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, depth >= MaxDepth ? null : item, depth + 1, sortKeys);
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    /// <summary>A property of a plain map as text, or null when absent or not a scalar.</summary>
    public static string? Text(Dictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? ScalarText(value) : null;

    /// <summary>A scalar value (plain or <see cref="JsonElement"/>) as text; null for null, maps and arrays.</summary>
    public static string? ScalarText(object? value) => From(value) switch
    {
        string text => text,
        long or double or bool => ToJson(value),
        _ => null,
    };
}
