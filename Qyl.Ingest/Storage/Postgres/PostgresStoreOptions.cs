using System.ComponentModel.DataAnnotations;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>PostgreSQL-only settings in the section <c>Qyl:Storage</c> (beside <see cref="StorageOptions"/>).</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>Seconds between retention runs (<c>Qyl:Storage:RetentionIntervalSeconds</c>).</summary>
    [Range(1, 86_400, ErrorMessage = "Qyl:Storage:RetentionIntervalSeconds must be between 1 and 86400.")]
    public int RetentionIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Spans deleted per retention statement (<c>Qyl:Storage:RetentionBatchSize</c>); small batches keep
    /// row locks and WAL bursts short so ingest never waits long behind cleanup.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Qyl:Storage:RetentionBatchSize must be between 1 and 100000.")]
    public int RetentionBatchSize { get; set; } = 2_000;
}
