using Microsoft.Extensions.Logging;

namespace Qyl.Ingest;

/// <summary>Log messages of the log-record pipeline and stores; event ids 1500-1599.</summary>
internal static partial class LogsLog
{
    [LoggerMessage(1501, LogLevel.Warning, "The embedded store evicted its oldest log records to stay within Qyl:Storage:MaxLogs={MaxLogs}.")]
    public static partial void FirstLogEviction(ILogger logger, int maxLogs);

    [LoggerMessage(1502, LogLevel.Error, "The store failed to write {LogCount} log records; their requests are answered 503.")]
    public static partial void LogStoreWriteFailed(ILogger logger, int logCount, Exception exception);

    [LoggerMessage(1510, LogLevel.Information, "Retention removed {LogCount} log records older than {RetentionHours} h; log records up to seq {RetainedAfterSeq} may be gone.")]
    public static partial void LogRetentionRemoved(ILogger logger, long logCount, int retentionHours, long retainedAfterSeq);
}
