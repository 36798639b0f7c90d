using Microsoft.Extensions.Logging;

namespace Qyl.Ingest;

/// <summary>Ingest log messages; event ids 1000-1999.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(1001, LogLevel.Error, "The span store failed to write {SpanCount} spans; their requests are answered 503.")]
    public static partial void StoreWriteFailed(ILogger logger, int spanCount, Exception exception);

    [LoggerMessage(1002, LogLevel.Warning, "The embedded store evicted its oldest spans to stay within Qyl:Storage:MaxSpans={MaxSpans}.")]
    public static partial void FirstEviction(ILogger logger, int maxSpans);

    [LoggerMessage(1501, LogLevel.Warning, "The embedded store evicted its oldest log records to stay within Qyl:Storage:MaxLogs={MaxLogs}.")]
    public static partial void FirstLogEviction(ILogger logger, int maxLogs);

    [LoggerMessage(1502, LogLevel.Error, "The store failed to write {LogCount} log records; their requests are answered 503.")]
    public static partial void LogStoreWriteFailed(ILogger logger, int logCount, Exception exception);
}
