using Qyl.Contracts;

namespace Qyl.Ingest.Otlp.Logs;

/// <summary>
/// The OTLP-to-<see cref="LogRecord"/> rules that do not depend on how the request was decoded: id
/// validation, the absent-id convention, the time fallback and the lifted attributes. The protobuf
/// decoder and <see cref="OtlpLogMapper"/> (JSON) both use these, so the two paths cannot drift.
/// </summary>
internal static class OtlpLogRules
{
    /// <summary>Why the ids make the record unacceptable, or null when they are fine.</summary>
    /// <remarks>
    /// Unlike a span, a log record need not belong to a span: both ids are optional. The OTLP spec
    /// allows exactly an empty id or one of the W3C length (16 and 8 bytes); anything else is a
    /// malformed record, rejected alone so the rest of the batch is stored.
    /// </remarks>
    public static string? ValidateIds(int traceIdLength, int spanIdLength)
    {
        if (traceIdLength is not (0 or 16))
        {
            return $"trace id must be empty or 16 bytes, got {traceIdLength}";
        }
        if (spanIdLength is not (0 or 8))
        {
            return $"span id must be empty or 8 bytes, got {spanIdLength}";
        }
        return null;
    }

    /// <summary>Lowercase hex, or null when the id is absent (empty, or all zero bytes: the W3C invalid id).</summary>
    public static string? HexOrNull(ReadOnlySpan<byte> id) =>
        id.Length == 0 || !id.ContainsAnyExcept((byte)0) ? null : OtlpSpanRules.Hex(id);

    /// <summary>The first rejection's text for <c>partialSuccess.errorMessage</c>.</summary>
    public static string RejectedRecord(int index, string error) => $"log record {index}: {error}";

    /// <summary><c>partialSuccess.errorMessage</c> for a request, or null when nothing was rejected.</summary>
    public static string? RejectionSummary(int rejected, string? firstError) =>
        rejected == 0 ? null : $"{rejected} log record(s) rejected; first: {firstError}";

    /// <summary>The event time: the observed time when the producer left it 0 (the OTLP spec's "unknown").</summary>
    public static long Time(ulong time, ulong observed) => (long)(time != 0 ? time : observed);
}

/// <summary>
/// The attributes of a log record that qyl lifts into <see cref="LogRecord"/> fields, noted while
/// the attributes are read once, in order; as for spans, the last occurrence of a key wins and a
/// value that is not a string counts as absent. They also stay in <see cref="LogRecord.Attributes"/>.
/// </summary>
internal struct OtlpLogLiftedAttributes
{
    private string? _sessionId;
    private string? _conversationId;
    private string? _eventName;

    public void Observe(string key, OtlpValueKind kind, object? value)
    {
        switch (key)
        {
            case "session.id": _sessionId = AsString(kind, value); break;
            case "gen_ai.conversation.id": _conversationId = AsString(kind, value); break;
            case "event.name": _eventName = AsString(kind, value); break;
        }
    }

    /// <summary><c>session.id</c>, else <c>gen_ai.conversation.id</c>.</summary>
    public readonly string? SessionId => OtlpSpanRules.NullIfEmpty(_sessionId) ?? OtlpSpanRules.NullIfEmpty(_conversationId);

    /// <summary>The record's <c>event_name</c> field when set, else attribute <c>event.name</c>.</summary>
    public readonly string? EventName(string? eventNameField) =>
        OtlpSpanRules.NullIfEmpty(eventNameField) ?? OtlpSpanRules.NullIfEmpty(_eventName);

    private static string? AsString(OtlpValueKind kind, object? value) => kind == OtlpValueKind.String ? (string?)value : null;
}

/// <summary>The outcome of decoding and mapping one logs export request.</summary>
/// <param name="Logs">The records that mapped, in request order.</param>
/// <param name="RejectedLogRecords">Records rejected as malformed (<c>partialSuccess.rejectedLogRecords</c>).</param>
/// <param name="ErrorMessage">Why, for <c>partialSuccess.errorMessage</c>; null when nothing was rejected.</param>
public sealed record OtlpMappedLogBatch(IReadOnlyList<LogRecord> Logs, int RejectedLogRecords, string? ErrorMessage)
{
    /// <summary>Every record in the request, accepted or not.</summary>
    public int TotalLogRecords => Logs.Count + RejectedLogRecords;
}
