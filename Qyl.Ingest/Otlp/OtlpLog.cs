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

    [LoggerMessage(1104, LogLevel.Debug, "Rejected {RejectedLogRecords} of {TotalLogRecords} log records over {Protocol}: {ErrorMessage}")]
    public static partial void LogsRejected(ILogger logger, int rejectedLogRecords, int totalLogRecords, string protocol, string? errorMessage);

    [LoggerMessage(1105, LogLevel.Warning, "Ingest queue full: turned away {LogCount} log records over {Protocol}; raise Qyl:Ingest:MaxQueuedSpans or speed up the store.")]
    public static partial void LogsQueueFull(ILogger logger, int logCount, string protocol);

    [LoggerMessage(1106, LogLevel.Warning, "The store is unavailable: {LogCount} log records over {Protocol} answered as retryable.")]
    public static partial void LogsStoreUnavailable(ILogger logger, int logCount, string protocol, Exception exception);
}
