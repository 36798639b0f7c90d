namespace Qyl.Hub.Otlp;

/// <summary>
/// The <c>error.type</c> values of <c>qyl.ingest.errors</c>: named causes rather than status codes, so
/// OTLP/HTTP and OTLP/gRPC failures of the same cause add up on one series per protocol.
/// </summary>
internal static class OtlpErrorTypes
{
    public const string Malformed = "malformed";
    public const string TooLarge = "too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string Overloaded = "overloaded";
    public const string Unavailable = "unavailable";

    /// <summary>The cause behind an OTLP/HTTP error status (Kestrel's own 4xx verdicts count as malformed).</summary>
    public static string FromHttpStatus(int statusCode) => statusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => TooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => Overloaded,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        _ => Malformed,
    };
}
