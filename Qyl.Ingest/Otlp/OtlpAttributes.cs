using Google.Protobuf.Collections;
using Qyl.Contracts;
using Qyl.Ingest.Otlp.Proto.Common;

namespace Qyl.Ingest.Otlp;

/// <summary>OTLP AnyValue to the attribute values a <see cref="Contracts.SpanRecord"/> carries (<see cref="AttributeValues"/>).</summary>
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

    /// <summary><see cref="ToDictionary(RepeatedField{KeyValue})"/>, noting the lifted span attributes on the way.</summary>
    public static Dictionary<string, object?> ToDictionary(RepeatedField<KeyValue> attributes, ref OtlpLiftedAttributes lifted)
    {
        var result = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            var value = ToValue(attribute.Value);
            lifted.Observe(attribute.Key, KindOf(attribute.Value), value);
            result[attribute.Key] = value;
        }
        return result;
    }

    /// <summary><see cref="ToDictionary(RepeatedField{KeyValue})"/>, noting <c>service.name</c> on the way.</summary>
    public static Dictionary<string, object?> ToDictionary(RepeatedField<KeyValue> attributes, ref string? serviceName)
    {
        var result = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            var value = ToValue(attribute.Value);
            OtlpLiftedAttributes.ObserveServiceName(ref serviceName, attribute.Key, KindOf(attribute.Value), value);
            result[attribute.Key] = value;
        }
        return result;
    }

    public static OtlpValueKind KindOf(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => OtlpValueKind.String,
        AnyValue.ValueOneofCase.BoolValue => OtlpValueKind.Bool,
        AnyValue.ValueOneofCase.IntValue => OtlpValueKind.Int,
        AnyValue.ValueOneofCase.DoubleValue => OtlpValueKind.Double,
        AnyValue.ValueOneofCase.ArrayValue => OtlpValueKind.Array,
        AnyValue.ValueOneofCase.KvlistValue => OtlpValueKind.KvList,
        AnyValue.ValueOneofCase.BytesValue => OtlpValueKind.Bytes,
        _ => OtlpValueKind.Empty,
    };

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
        AnyValue.ValueOneofCase.BytesValue => AttributeValues.FromBytes(value.BytesValue.Span),
        _ => null,
    };

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
