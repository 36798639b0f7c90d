using Qyl.Contracts;

namespace Qyl.Ingest.Otlp;

/// <summary>
/// The OTLP-to-<see cref="SpanRecord"/> rules that do not depend on how the request was decoded: id
/// validation, kind and status names, duration, the root-parent convention. Both the protobuf
/// decoder and <see cref="OtlpSpanMapper"/> (JSON) use these, so the two paths cannot drift.
/// </summary>
internal static class OtlpSpanRules
{
    /// <summary>Why the ids make the span unacceptable, or null when they are fine.</summary>
    public static string? ValidateIds(int traceIdLength, int spanIdLength, int parentSpanIdLength)
    {
        if (traceIdLength != 16)
        {
            return $"trace id must be 16 bytes, got {traceIdLength}";
        }
        if (spanIdLength != 8)
        {
            return $"span id must be 8 bytes, got {spanIdLength}";
        }
        if (parentSpanIdLength is not (0 or 8))
        {
            return $"parent span id must be empty or 8 bytes, got {parentSpanIdLength}";
        }
        return null;
    }

    /// <summary>The first rejection's text for <c>partialSuccess.errorMessage</c>.</summary>
    public static string RejectedSpan(string spanName, string error) => $"span '{spanName}': {error}";

    /// <summary><c>partialSuccess.errorMessage</c> for a request, or null when nothing was rejected.</summary>
    public static string? RejectionSummary(int rejected, string? firstError) =>
        rejected == 0 ? null : $"{rejected} span(s) rejected; first: {firstError}";

    // Some exporters write eight zero bytes instead of leaving the parent empty; both mean "root".
    public static bool IsRootParent(ReadOnlySpan<byte> parent) => parent.Length == 0 || !parent.ContainsAnyExcept((byte)0);

    /// <summary>Lowercase hex: the runtime's vectorized encoder, one exact-size string allocation.</summary>
    public static string Hex(ReadOnlySpan<byte> id) => Convert.ToHexStringLower(id);

    public static string Kind(int otlpKind) => otlpKind switch
    {
        2 => SpanKinds.Server,
        3 => SpanKinds.Client,
        4 => SpanKinds.Producer,
        5 => SpanKinds.Consumer,
        _ => SpanKinds.Internal,
    };

    public static string Status(int otlpStatusCode) => otlpStatusCode switch
    {
        1 => SpanStatuses.Ok,
        2 => SpanStatuses.Error,
        _ => SpanStatuses.Unset,
    };

    // A span ending before it started is the sender's clock problem; a negative duration would only
    // break sorting and sums downstream.
    public static double DurationMs(long start, long end) => end > start ? (end - start) / 1_000_000.0 : 0;

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
