using Microsoft.Extensions.Logging;

namespace Qyl.Ingest.Otlp;

/// <summary>OTLP export log messages; event ids 1100-1199.</summary>
internal static partial class OtlpLog
{
    [LoggerMessage(1101, LogLevel.Debug, "Rejected {RejectedSpans} of {TotalSpans} spans over {Protocol}: {ErrorMessage}")]
    public static partial void SpansRejected(ILogger logger, int rejectedSpans, int totalSpans, string protocol, string? errorMessage);

    [LoggerMessage(1102, LogLevel.Warning, "Ingest queue full: turned away {SpanCount} spans over {Protocol}; raise Qyl:Ingest:MaxQueuedSpans or speed up the store.")]
    public static partial void QueueFull(ILogger logger, int spanCount, string protocol);

    [LoggerMessage(1103, LogLevel.Warning, "The span store is unavailable: {SpanCount} spans over {Protocol} answered as retryable.")]
    public static partial void StoreUnavailable(ILogger logger, int spanCount, string protocol, Exception exception);
}
