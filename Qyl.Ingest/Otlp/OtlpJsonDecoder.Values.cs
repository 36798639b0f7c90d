using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Qyl.Ingest.Otlp.Proto.Common;

namespace Qyl.Ingest.Otlp;

/// <summary>AnyValue and the scalar rules of the OTLP/JSON decoder.</summary>
public static partial class OtlpJsonDecoder
{
    private static void ReadKeyValues(JsonProperty property, RepeatedField<KeyValue> target)
    {
        foreach (var item in Items(property))
        {
            target.Add(ReadKeyValue(item));
        }
    }

    private static KeyValue ReadKeyValue(JsonElement element)
    {
        var result = new KeyValue();
        foreach (var property in Properties(element, "KeyValue"))
        {
            switch (Name(property))
            {
                case "key": result.Key = String(property); break;
                case "value": result.Value = ReadAnyValue(property.Value); break;
            }
        }
        return result;
    }

    private static AnyValue ReadAnyValue(JsonElement element)
    {
        var result = new AnyValue();
        foreach (var property in Properties(element, "AnyValue"))
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            switch (Name(property))
            {
                case "stringValue": result.StringValue = String(property); break;
                case "boolValue":
                    result.BoolValue = property.Value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw Invalid(property, "a boolean"),
                    };
                    break;
                case "intValue": result.IntValue = Int64(property); break;
                case "doubleValue": result.DoubleValue = Double(property); break;
                case "bytesValue": result.BytesValue = Base64(property); break;
                case "arrayValue":
                    var array = new ArrayValue();
                    foreach (var inner in Properties(property.Value, "ArrayValue"))
                    {
                        if (Name(inner) == "values")
                        {
                            foreach (var item in Items(inner))
                            {
                                array.Values.Add(ReadAnyValue(item));
                            }
                        }
                    }
                    result.ArrayValue = array;
                    break;
                case "kvlistValue":
                    var list = new KeyValueList();
                    foreach (var inner in Properties(property.Value, "KeyValueList"))
                    {
                        if (Name(inner) == "values")
                        {
                            ReadKeyValues(inner, list.Values);
                        }
                    }
                    result.KvlistValue = list;
                    break;
            }
        }
        return result;
    }

    /// <summary>The property name in lowerCamelCase, so snake_case senders map to the same cases.</summary>
    private static string Name(JsonProperty property)
    {
        var name = property.Name;
        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return name;
        }
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? name : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static JsonElement.ObjectEnumerator Properties(JsonElement element, string message) =>
        element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject(),
            // proto3 JSON: null is the default value, i.e. an empty message.
            JsonValueKind.Null => default,
            _ => throw new OtlpDecodeException($"Expected a JSON object for {message}, got {element.ValueKind}."),
        };

    private static JsonElement.ArrayEnumerator Items(JsonProperty property) =>
        property.Value.ValueKind switch
        {
            JsonValueKind.Array => property.Value.EnumerateArray(),
            JsonValueKind.Null => default,
            _ => throw Invalid(property, "an array"),
        };

    private static string String(JsonProperty property) =>
        property.Value.ValueKind switch
        {
            JsonValueKind.String => property.Value.GetString()!,
            JsonValueKind.Null => string.Empty,
            _ => throw Invalid(property, "a string"),
        };

    private static long Int64(JsonProperty property)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var unsigned))
        {
            return unchecked((long)unsigned);
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }
            // fixed64 timestamps are unsigned; values above long.MaxValue keep their bits.
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out unsigned))
            {
                return unchecked((long)unsigned);
            }
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }
        throw Invalid(property, "an integer (a JSON number or a decimal string)");
    }

    private static double Double(JsonProperty property)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
                case var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed): return parsed;
            }
        }
        throw Invalid(property, "a number");
    }

    private static int Enum(JsonProperty property, string prefix, string[] names)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            var bare = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
            var index = Array.IndexOf(names, bare);
            if (index >= 0)
            {
                return index;
            }
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }
        throw Invalid(property, $"an enum integer or a name such as {prefix}{names[^1]}");
    }

    /// <summary>
    /// A hex id. A value that is not hex decodes to a single byte: no id has that length, so the
    /// mapper rejects just this span (partial success) instead of the whole request failing.
    /// </summary>
    private static ByteString HexId(JsonProperty property)
    {
        var text = String(property);
        if (text.Length % 2 == 0)
        {
            try
            {
                return ByteString.CopyFrom(Convert.FromHexString(text));
            }
            catch (FormatException)
            {
            }
        }
        return s_notHex;
    }

    private static readonly ByteString s_notHex = ByteString.CopyFrom(0);

    private static ByteString Base64(JsonProperty property)
    {
        try
        {
            return ByteString.FromBase64(String(property));
        }
        catch (FormatException ex)
        {
            throw new OtlpDecodeException($"Field '{property.Name}' must be base64.", ex);
        }
    }

    private static OtlpDecodeException Invalid(JsonProperty property, string expected) =>
        new($"Field '{property.Name}' must be {expected}, got {property.Value.ValueKind}.");
}
