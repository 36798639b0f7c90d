using Npgsql;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>Retention: removing old spans in small batches and remembering the highest seq removed.</summary>
public sealed partial class PostgresSpanStore
{
    /// <summary>
    /// Deletes spans that started before <paramref name="cutoffUnixNano"/>, at most
    /// <paramref name="batchSize"/> per transaction, until none is left. Returns how many were removed.
    /// </summary>
    /// <remarks>
    /// Each batch is its own short transaction so ingest never waits behind a long delete; rows another
    /// instance's retention is deleting are skipped (SKIP LOCKED), not waited for. The highest removed
    /// seq goes into <c>qyl_retention</c> in the same transaction, so <see cref="GetRetainedAfterSeqAsync"/>
    /// never claims a span is held after it is gone. Retention goes by start time, so a late span with
    /// an old start can raise it above spans still stored: conservative, resumers get a Dropped notice
    /// for a range they might partly have read.
    /// </remarks>
    internal Task<long> RemoveOlderThanAsync(long cutoffUnixNano, int batchSize, CancellationToken cancellationToken) =>
        RemoveInBatchesAsync(RemoveSpansBatchSql, cutoffUnixNano, batchSize, cancellationToken);

    /// <summary>
    /// Deletes log records whose time is before <paramref name="cutoffUnixNano"/>, in batches as for
    /// spans, raising <c>logs_retained_after_seq</c> in the same transaction. Returns how many were removed.
    /// </summary>
    internal Task<long> RemoveLogsOlderThanAsync(long cutoffUnixNano, int batchSize, CancellationToken cancellationToken) =>
        RemoveInBatchesAsync(RemoveLogsBatchSql, cutoffUnixNano, batchSize, cancellationToken);

    private const string RemoveSpansBatchSql = """
        WITH d AS (
            DELETE FROM qyl_spans WHERE seq IN (
                SELECT seq FROM qyl_spans WHERE start_unix_nano < @cutoff
                ORDER BY start_unix_nano LIMIT @batch FOR UPDATE SKIP LOCKED)
            RETURNING seq),
        u AS (
            UPDATE qyl_retention SET retained_after_seq = greatest(retained_after_seq, (SELECT max(seq) FROM d))
            WHERE id = 1 AND EXISTS (SELECT 1 FROM d))
        SELECT count(*) FROM d
        """;

    private const string RemoveLogsBatchSql = """
        WITH d AS (
            DELETE FROM qyl_logs WHERE seq IN (
                SELECT seq FROM qyl_logs WHERE time_unix_nano < @cutoff
                ORDER BY time_unix_nano LIMIT @batch FOR UPDATE SKIP LOCKED)
            RETURNING seq),
        u AS (
            UPDATE qyl_retention SET logs_retained_after_seq = greatest(logs_retained_after_seq, (SELECT max(seq) FROM d))
            WHERE id = 1 AND EXISTS (SELECT 1 FROM d))
        SELECT count(*) FROM d
        """;

    // One batch per transaction (the delete and the raised cursor commit together) until a batch
    // comes back short: spans and log records differ only in the statement.
    private async Task<long> RemoveInBatchesAsync(string batchSql, long cutoffUnixNano, int batchSize, CancellationToken cancellationToken)
    {
        long removed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await GuardAsync(async () =>
            {
                await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand(batchSql, connection)
                {
                    Parameters = { new("cutoff", cutoffUnixNano), new("batch", batchSize) },
                };
                var count = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return count;
            }).ConfigureAwait(false);
            removed += batch;
            if (batch < batchSize)
            {
                break;
            }
        }
        return removed;
    }
}
