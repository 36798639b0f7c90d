using Qyl.Contracts;

namespace Qyl.Ingest.Otlp;

/// <summary>
/// Start markers of running spans, in the pending-span convention of Pydantic Logfire's SDK (which
/// <c>Qyl.OpenTelemetry</c> also writes): when a span starts, the SDK exports a zero-length span with
/// <c>logfire.span_type = "pending_span"</c> whose parent is the running span and whose
/// <c>logfire.pending_parent_id</c> is that span's own parent (16 zeros for a root). qyl turns it into
/// the in-progress record of the running span: that span's id and parent, the marker's name,
/// attributes and start, no end. Shared by both decoders, like <see cref="OtlpSpanRules"/>.
/// </summary>
public static class OtlpPendingSpans
{
    /// <summary>The attribute that tells a pending span from a real one.</summary>
    public const string SpanTypeKey = "logfire.span_type";

    /// <summary>The value of <see cref="SpanTypeKey"/> on a start marker.</summary>
    public const string PendingSpanType = "pending_span";

    /// <summary>The running span's own parent, as 16 hex characters (zeros for a root).</summary>
    public const string PendingParentIdKey = "logfire.pending_parent_id";

    /// <summary>
    /// The in-progress record of the running span when <paramref name="record"/> is a start marker;
    /// otherwise <paramref name="record"/> itself. A marker without a parent names no running span
    /// and is kept as the ordinary span it also is.
    /// </summary>
    public static SpanRecord Apply(SpanRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.ParentSpanId is null
            || !record.Attributes.TryGetValue(SpanTypeKey, out var type)
            || type is not string typeName
            || !string.Equals(typeName, PendingSpanType, StringComparison.Ordinal))
        {
            return record;
        }
        return record with
        {
            SpanId = record.ParentSpanId,
            ParentSpanId = RealParent(record.Attributes),
            EndTimeUnixNano = null,
            DurationMs = null,
            InProgress = true,
        };
    }

    private static string? RealParent(Dictionary<string, object?> attributes)
    {
        if (!attributes.TryGetValue(PendingParentIdKey, out var value) || value is not string hex
            || hex.Length != 16 || !hex.All(char.IsAsciiHexDigit) || hex.All(c => c == '0'))
        {
            return null;
        }
        return hex.ToLowerInvariant();
    }
}
