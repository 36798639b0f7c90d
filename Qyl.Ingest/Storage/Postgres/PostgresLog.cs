using Microsoft.Extensions.Logging;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>PostgreSQL store log messages; event ids 1200-1299.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(1201, LogLevel.Information, "PostgreSQL schema is at version {Version}.")]
    public static partial void SchemaReady(ILogger logger, int version);

    [LoggerMessage(1202, LogLevel.Warning, "PostgreSQL is unreachable; qyl answers 503 until it returns.")]
    public static partial void Unavailable(ILogger logger, Exception exception);

    [LoggerMessage(1203, LogLevel.Information, "Retention removed {SpanCount} spans older than {RetentionHours} h; spans up to seq {RetainedAfterSeq} may be gone.")]
    public static partial void RetentionRemoved(ILogger logger, long spanCount, int retentionHours, long retainedAfterSeq);

    [LoggerMessage(1204, LogLevel.Warning, "The retention run failed; it is retried at the next interval.")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(1205, LogLevel.Debug, "A write of {SpanCount} spans repeats stored spans; it goes through the staging table to skip them.")]
    public static partial void DuplicatesInWrite(ILogger logger, int spanCount);
}
