namespace Qyl.Ingest.Otlp;

/// <summary>
/// The <c>error.type</c> values of <c>qyl.ingest.errors</c>: named causes rather than status codes, so
/// OTLP/HTTP and OTLP/gRPC failures of the same cause add up on one series per protocol.
/// </summary>
public static class OtlpErrorTypes
{
    /// <summary>The body could not be decoded (or Kestrel refused the request as malformed).</summary>
    public const string Malformed = "malformed";

    /// <summary>The body was over the configured limit (413).</summary>
    public const string TooLarge = "too_large";

    /// <summary>A content type or encoding qyl does not read (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>The ingest queue was full (429, gRPC RESOURCE_EXHAUSTED).</summary>
    public const string Overloaded = "overloaded";

    /// <summary>The store could not be reached (503, gRPC UNAVAILABLE).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Every value, each a <c>qyl_ingest_errors_total</c> series from startup.</summary>
    public static readonly string[] All = [Malformed, TooLarge, UnsupportedMediaType, Overloaded, Unavailable];

    /// <summary>The cause behind an OTLP/HTTP error status (Kestrel's own 4xx verdicts count as malformed).</summary>
    public static string FromHttpStatus(int statusCode) => statusCode switch
    {
        413 => TooLarge,
        415 => UnsupportedMediaType,
        429 => Overloaded,
        503 => Unavailable,
        _ => Malformed,
    };
}
