using Qyl.Contracts;
using Qyl.Ingest.Storage;

namespace Qyl.Ingest.Pipeline;

/// <summary>The log-record side of the single writer.</summary>
public sealed partial class IngestPipeline
{
    /// <summary>
    /// Queues <paramref name="logs"/> for the store, under the same bound as spans
    /// (<see cref="IngestOptions.MaxQueuedSpans"/> counts spans and log records waiting together: it
    /// bounds the writer's memory, whichever signal fills it). Returns false, queueing nothing, when
    /// the queue is full. <paramref name="stored"/> completes when the records are stored, or faults
    /// with <see cref="StoreUnavailableException"/>.
    /// </summary>
    public bool TryEnqueueLogs(IReadOnlyList<LogRecord> logs, out Task stored)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.Count == 0)
        {
            stored = Task.CompletedTask;
            return true;
        }
        if (Interlocked.Add(ref _queuedSpans, logs.Count) > _options.MaxQueuedSpans)
        {
            Interlocked.Add(ref _queuedSpans, -logs.Count);
            _metrics.LogsThrottled(logs.Count);
            stored = Task.CompletedTask;
            return false;
        }
        var write = new PendingWrite(null, logs, logs.Count);
        if (!_queue.Writer.TryWrite(write))
        {
            Interlocked.Add(ref _queuedSpans, -logs.Count);
            stored = Task.FromException(new StoreUnavailableException("qyl is shutting down."));
            return true;
        }
        stored = write.Completion.Task;
        return true;
    }

    private async Task WriteLogsAsync(List<PendingWrite> batch, List<LogRecord> logs, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var stored = await _logStore.AppendLogsAsync(logs, _broadcaster.Publish, cancellationToken).ConfigureAwait(false);
            _metrics.LogsStored(stored, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            foreach (var write in batch)
            {
                write.Completion.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var failure = ex as StoreUnavailableException ?? new StoreUnavailableException("The store failed to write log records.", ex);
            LogsLog.LogStoreWriteFailed(_logger, logs.Count, ex);
            _metrics.LogsStoreFailed(logs.Count);
            foreach (var write in batch)
            {
                write.Completion.TrySetException(failure);
            }
        }
        finally
        {
            Interlocked.Add(ref _queuedSpans, -logs.Count);
        }
    }
}
