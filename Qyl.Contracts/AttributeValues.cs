using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Qyl.Contracts;

/// <summary>
/// The one set of rules for attribute values (span, resource, event and log attributes, and a log
/// body): which CLR values they are, how they travel, and when two are the same.
/// </summary>
/// <remarks>
/// <para>An attribute value is always one of: <c>null</c> (an empty OTLP AnyValue), <see cref="string"/>,
/// <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>, <c>object?[]</c> (an array, items by
/// these rules) or <c>Dictionary&lt;string, object?&gt;</c> (a kvlist, values by these rules). OTLP bytes become their base64 string (as proto3 JSON writes bytes). The OTLP decoders
/// produce exactly these; the JSON converters and MessagePack formatters on the contract's
/// attribute properties read exactly these back, whichever protocol a record came over, so a record
/// received from the hub, read back from PostgreSQL or relayed by another instance equals the one
/// that was decoded.</para>
/// <para>On the wire: JSON writes a double with a fraction or exponent (<c>2.0</c>, never <c>2</c>), so a
/// JSON reader gives back a double for every double and a long for every long; NaN and the
/// infinities, which JSON numbers cannot carry, are the strings <c>"NaN"</c>, <c>"Infinity"</c> and
/// <c>"-Infinity"</c> (as proto3 JSON). MessagePack writes integers, float64s, strings, arrays and
/// string-keyed maps; any integer reads back as a long and any float as a double.</para>
/// <para>Values that are not in the set (an <see cref="int"/>, a <see cref="JsonElement"/>, a
/// <c>Dictionary&lt;object, object&gt;</c>...) are mapped by <see cref="Normalize"/> before they are
/// written.</para>
/// </remarks>
public static class AttributeValues
{
    /// <summary>Whether <paramref name="value"/> (and everything inside it) is one of the attribute value types.</summary>
    public static bool IsCanonical(object? value) => value switch
    {
        null or string or bool or long or double => true,
        object?[] items => Array.TrueForAll(items, IsCanonical),
        Dictionary<string, object?> map => map.Values.All(IsCanonical),
        _ => false,
    };

    /// <summary>OTLP bytes: their base64 text.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes);

    /// <summary>
    /// Any value as an attribute value: canonical values as themselves (arrays and maps copied only
    /// when something inside them changes), other integers as <see cref="long"/> (an unsigned one
    /// above <see cref="long.MaxValue"/> as a double), <see cref="float"/> and <see cref="decimal"/> as
    /// <see cref="double"/>, bytes as base64, a <see cref="JsonElement"/> by <see cref="FromJson"/>, any
    /// other dictionary as a string-keyed map, any other sequence as an array, anything else as its
    /// invariant text.
    /// </summary>
    public static object? Normalize(object? value) => value switch
    {
        null or string or bool or long or double => value,
        object?[] items => NormalizeItems(items),
        Dictionary<string, object?> map => NormalizeMap(map),
        int i => (long)i,
        short s => (long)s,
        sbyte sb => (long)sb,
        byte b => (long)b,
        ushort us => (long)us,
        uint ui => (long)ui,
        ulong ul => ul <= long.MaxValue ? (object)(long)ul : (double)ul,
        float f => (double)f,
        decimal m => (double)m,
        char c => c.ToString(),
        byte[] bytes => FromBytes(bytes),
        ReadOnlyMemory<byte> memory => FromBytes(memory.Span),
        JsonElement element => FromJson(element),
        IDictionary dictionary => FromDictionary(dictionary),
        IEnumerable sequence => FromSequence(sequence),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>A JSON value as an attribute value: integers that fit as long, other numbers as double.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.Array => FromJsonArray(element),
        JsonValueKind.Object => FromJsonObject(element),
        _ => null,
    };

    /// <summary>
    /// Whether two attribute values are the same value: doubles by their bits (0.0 and -0.0 are
    /// <see cref="double.Equals(double)"/> but different values on the wire), arrays and maps by
    /// content, everything else by <see cref="object.Equals(object, object)"/>.
    /// </summary>
    public static bool Same(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (object?[] x, object?[] y) => SameItems(x, y),
        (Dictionary<string, object?> x, Dictionary<string, object?> y) => Same(x, y),
        _ => Equals(a, b),
    };

    /// <summary>The same keys, each with the <see cref="Same(object?, object?)"/> value.</summary>
    public static bool Same(Dictionary<string, object?> known, Dictionary<string, object?> candidate)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(candidate);
        if (known.Count != candidate.Count)
        {
            return false;
        }
        foreach (var (key, value) in candidate)
        {
            if (!known.TryGetValue(key, out var other) || !Same(value, other))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A map of attribute values, normalized (the same instance when it already is).</summary>
    public static Dictionary<string, object?> NormalizeMap(Dictionary<string, object?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Values.All(IsCanonical))
        {
            return map;
        }
        var result = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            result[key] = Normalize(value);
        }
        return result;
    }

    private static object?[] NormalizeItems(object?[] items)
    {
        if (Array.TrueForAll(items, IsCanonical))
        {
            return items;
        }
        return Array.ConvertAll(items, Normalize);
    }

    private static Dictionary<string, object?> FromDictionary(IDictionary dictionary)
    {
        var result = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Normalize(entry.Value);
        }
        return result;
    }

    private static object?[] FromSequence(IEnumerable sequence)
    {
        var items = new List<object?>();
        foreach (var item in sequence)
        {
            items.Add(Normalize(item));
        }
        return [.. items];
    }

    private static object?[] FromJsonArray(JsonElement element)
    {
        var items = new object?[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            items[i++] = FromJson(item);
        }
        return items;
    }

    private static Dictionary<string, object?> FromJsonObject(JsonElement element)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = FromJson(property.Value);
        }
        return result;
    }

    private static bool SameItems(object?[] x, object?[] y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }
        for (var i = 0; i < x.Length; i++)
        {
            if (!Same(x[i], y[i]))
            {
                return false;
            }
        }
        return true;
    }
}
