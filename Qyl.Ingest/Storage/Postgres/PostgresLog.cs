using Microsoft.Extensions.Logging;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>PostgreSQL store log messages; event ids 1100-1199 (inside the Ingest range).</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(1101, LogLevel.Information, "PostgreSQL schema is at version {Version}.")]
    public static partial void SchemaReady(ILogger logger, int version);

    [LoggerMessage(1102, LogLevel.Warning, "PostgreSQL is unreachable; qyl answers 503 until it returns.")]
    public static partial void Unavailable(ILogger logger, Exception exception);

    [LoggerMessage(1103, LogLevel.Information, "Retention removed {SpanCount} spans older than {RetentionHours} h; spans up to seq {RetainedAfterSeq} may be gone.")]
    public static partial void RetentionRemoved(ILogger logger, long spanCount, int retentionHours, long retainedAfterSeq);

    [LoggerMessage(1104, LogLevel.Warning, "The retention run failed; it is retried at the next interval.")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(1105, LogLevel.Debug, "A write of {SpanCount} spans repeats stored spans; it goes through the staging table to skip them.")]
    public static partial void DuplicatesInWrite(ILogger logger, int spanCount);

    [LoggerMessage(1510, LogLevel.Information, "Retention removed {LogCount} log records older than {RetentionHours} h; log records up to seq {RetainedAfterSeq} may be gone.")]
    public static partial void LogRetentionRemoved(ILogger logger, long logCount, int retentionHours, long retainedAfterSeq);
}
