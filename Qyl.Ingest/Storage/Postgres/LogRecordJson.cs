using System.Globalization;
using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>
/// The whole log record as json in its <c>record</c> column, read back with attribute and body
/// values as the plain values the OTLP decoders produce, so a record from PostgreSQL is
/// indistinguishable from one that never left memory.
/// </summary>
internal static class LogRecordJson
{
    public static byte[] Record(LogRecord log) => JsonSerializer.SerializeToUtf8Bytes(log, QylJsonContext.Default.LogRecord);

    public static LogRecord Deserialize(string json, long seq)
    {
        var log = JsonSerializer.Deserialize(json, QylJsonContext.Default.LogRecord)
            ?? throw new InvalidDataException($"The stored log record of seq {seq} is null.");
        return log with
        {
            Seq = seq,
            Body = ToClr(log.Body),
            Attributes = ToClr(log.Attributes),
            ResourceAttributes = ToClr(log.ResourceAttributes),
        };
    }

    private static Dictionary<string, object?> ToClr(Dictionary<string, object?> values)
    {
        var result = new Dictionary<string, object?>(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            result[key] = ToClr(value);
        }
        return result;
    }

    // Values come back as JsonElement from an object-typed member; once the contract's own
    // converters read them (plain values already), this passes them through.
    private static object? ToClr(object? value) => value is JsonElement element ? ToClr(element) : value;

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
