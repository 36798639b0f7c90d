using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>
/// The whole span as json (exact text, key order kept) beside the query columns, so reads give back exactly what was written.
/// </summary>
/// <remarks>
/// Attribute values read back as the values the OTLP decoders produce (the contract's
/// <see cref="AttributeMapJsonConverter"/>), so a span read from PostgreSQL is indistinguishable from
/// one that never left memory.
/// </remarks>
internal static class SpanRecordJson
{
    public static string Serialize(SpanRecord span) => JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord);

    public static SpanRecord Deserialize(string json, long seq)
    {
        var span = JsonSerializer.Deserialize(json, QylJsonContext.Default.SpanRecord)
            ?? throw new InvalidDataException($"The stored record of seq {seq} is null.");
        return span with { Seq = seq };
    }
}
