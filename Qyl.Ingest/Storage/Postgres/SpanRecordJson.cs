using System.Globalization;
using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>
/// The whole span as json (exact text, key order kept) beside the query columns, so reads give back exactly what was written.
/// </summary>
/// <remarks>
/// Attribute values are <see cref="object"/>; deserializing leaves them as <see cref="JsonElement"/>,
/// which the MessagePack hub protocol cannot write. They are turned back into the plain values the
/// OTLP mapper produces (string, bool, long, double, object?[], Dictionary) so a span read from
/// PostgreSQL is indistinguishable from one that never left memory.
/// </remarks>
internal static class SpanRecordJson
{
    public static string Serialize(SpanRecord span) => JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord);

    public static SpanRecord Deserialize(string json, long seq)
    {
        var span = JsonSerializer.Deserialize(json, QylJsonContext.Default.SpanRecord)
            ?? throw new InvalidDataException($"The stored record of seq {seq} is null.");
        return WithClrValues(span) with { Seq = seq };
    }

    /// <summary><paramref name="span"/> as deserialized from json, with its attribute values turned back into plain values.</summary>
    public static SpanRecord WithClrValues(SpanRecord span) => span with
    {
        Attributes = ToClr(span.Attributes),
        ResourceAttributes = ToClr(span.ResourceAttributes),
        Events = span.Events.ConvertAll(e => e with { Attributes = ToClr(e.Attributes) }),
    };

    private static Dictionary<string, object?> ToClr(Dictionary<string, object?> values)
    {
        var result = new Dictionary<string, object?>(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            result[key] = value is JsonElement element ? ToClr(element) : value;
        }
        return result;
    }

    private static object? ToClr(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(ToClr).ToArray(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToClr(p.Value), StringComparer.Ordinal),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText().ToString(CultureInfo.InvariantCulture),
    };
}
