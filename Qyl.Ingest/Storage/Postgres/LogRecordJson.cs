using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>
/// The whole log record as json in its <c>record</c> column. Body and attribute values read back as
/// the values the OTLP decoders produce (the contract's own converters), so a record from
/// PostgreSQL is indistinguishable from one that never left memory.
/// </summary>
internal static class LogRecordJson
{
    public static byte[] Record(LogRecord log) => JsonSerializer.SerializeToUtf8Bytes(log, QylJsonContext.Default.LogRecord);

    public static LogRecord Deserialize(string json, long seq)
    {
        var log = JsonSerializer.Deserialize(json, QylJsonContext.Default.LogRecord)
            ?? throw new InvalidDataException($"The stored log record of seq {seq} is null.");
        return log with { Seq = seq };
    }
}
