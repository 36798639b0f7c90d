using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>
/// Creates the schema at startup, then every <see cref="PostgresStoreOptions.RetentionIntervalSeconds"/>
/// removes spans and log records older than <see cref="StorageOptions.RetentionHours"/>.
/// </summary>
internal sealed class PostgresRetentionService(
    PostgresSpanStore store,
    IOptions<StorageOptions> storage,
    IOptions<PostgresStoreOptions> options,
    TimeProvider clock,
    ILogger<PostgresRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Migrate before the first request when the database is up; when it is not, the store
            // migrates on first use and readyz reports 503 meanwhile, so startup does not fail.
            await store.EnsureSchemaAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgresFaults.IsUnavailable(ex))
        {
            PostgresLog.Unavailable(logger, ex);
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RetentionIntervalSeconds), clock);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var hours = storage.Value.RetentionHours;
        var cutoff = (clock.GetUtcNow() - TimeSpan.FromHours(hours)).ToUnixTimeMilliseconds() * 1_000_000;
        try
        {
            var removed = await store.RemoveOlderThanAsync(cutoff, options.Value.RetentionBatchSize, cancellationToken).ConfigureAwait(false);
            if (removed > 0)
            {
                PostgresLog.RetentionRemoved(logger, removed, hours, await store.GetRetainedAfterSeqAsync(cancellationToken).ConfigureAwait(false));
            }
            var removedLogs = await store.RemoveLogsOlderThanAsync(cutoff, options.Value.RetentionBatchSize, cancellationToken).ConfigureAwait(false);
            if (removedLogs > 0)
            {
                LogsLog.LogRetentionRemoved(logger, removedLogs, hours, await store.GetLogsRetainedAfterSeqAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PostgresLog.RetentionFailed(logger, ex);
        }
    }
}
