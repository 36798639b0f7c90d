using Google.Protobuf.Collections;
using Qyl.Ingest.Otlp.Proto.Common;

namespace Qyl.Ingest.Otlp;

/// <summary>OTLP AnyValue to the JSON-shaped CLR values a <see cref="Contracts.SpanRecord"/> carries.</summary>
internal static class OtlpAttributes
{
    /// <summary>
    /// Maps key/values to a dictionary. Later duplicates of a key win: the OTLP spec makes duplicate
    /// keys undefined behaviour, and last-wins matches what most SDKs meant.
    /// </summary>
    public static Dictionary<string, object?> ToDictionary(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = ToValue(attribute.Value);
        }
        return result;
    }

    /// <summary>
    /// string, bool, long, double as themselves; arrays as <c>object?[]</c>; kvlists as
    /// <c>Dictionary&lt;string, object?&gt;</c>; bytes as base64 (what proto3 JSON does with bytes);
    /// an empty AnyValue as null. Depth is bounded by the decoders (protobuf recursion limit, JSON max depth).
    /// </summary>
    public static object? ToValue(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.ArrayValue => ToArray(value.ArrayValue),
        AnyValue.ValueOneofCase.KvlistValue => ToDictionary(value.KvlistValue.Values),
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToBase64(),
        _ => null,
    };

    /// <summary>The string value of <paramref name="key"/>, or null when absent or not a string.</summary>
    public static string? FindString(RepeatedField<KeyValue> attributes, string key)
    {
        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (attributes[i].Key == key)
            {
                var value = attributes[i].Value;
                return value?.ValueCase == AnyValue.ValueOneofCase.StringValue ? value.StringValue : null;
            }
        }
        return null;
    }

    /// <summary>
    /// The integer value of <paramref name="key"/>; also accepts a double holding a whole number or a
    /// numeric string, since some SDKs record token counts that way.
    /// </summary>
    public static long? FindLong(RepeatedField<KeyValue> attributes, string key)
    {
        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (attributes[i].Key != key)
            {
                continue;
            }
            var value = attributes[i].Value;
            return value?.ValueCase switch
            {
                AnyValue.ValueOneofCase.IntValue => value.IntValue,
                AnyValue.ValueOneofCase.DoubleValue when Math.Abs(value.DoubleValue) < 9e18 && value.DoubleValue == Math.Floor(value.DoubleValue) => (long)value.DoubleValue,
                AnyValue.ValueOneofCase.StringValue when long.TryParse(value.StringValue, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
        }
        return null;
    }

    private static object?[] ToArray(ArrayValue array)
    {
        var result = new object?[array.Values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ToValue(array.Values[i]);
        }
        return result;
    }
}
