using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;

namespace Qyl.Ingest.Pipeline;

/// <summary>
/// The single writer between the OTLP receivers and the store. Requests enqueue mapped spans or log
/// records; one loop group-commits whatever is waiting into the store, which assigns seqs, hands the
/// sequenced records to the broadcaster (live path) and then completes each request once its records
/// are stored (the OTLP acknowledgement waits for the store; the live path does not). Spans and logs
/// go through this one writer so their seqs come from one sequence in one order.
/// </summary>
public sealed partial class IngestPipeline : BackgroundService
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly ISpanStore _store;
    private readonly ILogStore _logStore;
    private readonly ITelemetryBroadcaster _broadcaster;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<IngestPipeline> _logger;
    private readonly IngestOptions _options;
    private int _queuedSpans;

    /// <summary>Creates the pipeline.</summary>
    public IngestPipeline(
        ISpanStore store,
        ILogStore logStore,
        ITelemetryBroadcaster broadcaster,
        IngestMetrics metrics,
        IOptions<IngestOptions> options,
        ILogger<IngestPipeline> logger)
    {
        _store = store;
        _logStore = logStore;
        _broadcaster = broadcaster;
        _metrics = metrics;
        _logger = logger;
        _options = options.Value;
    }

    /// <summary>Spans and log records accepted but not yet stored.</summary>
    public int QueuedSpans => Volatile.Read(ref _queuedSpans);

    /// <summary>
    /// Queues <paramref name="spans"/> for the store. Returns false, queueing nothing, when the queue
    /// would exceed <see cref="IngestOptions.MaxQueuedSpans"/>: the caller answers 429 / RESOURCE_EXHAUSTED.
    /// <paramref name="stored"/> completes when the spans are stored, or faults with
    /// <see cref="StoreUnavailableException"/> when they could not be.
    /// </summary>
    public bool TryEnqueue(IReadOnlyList<SpanRecord> spans, out Task stored)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            stored = Task.CompletedTask;
            return true;
        }

        // Reserve room first so concurrent requests cannot overshoot the bound together.
        if (Interlocked.Add(ref _queuedSpans, spans.Count) > _options.MaxQueuedSpans)
        {
            Interlocked.Add(ref _queuedSpans, -spans.Count);
            _metrics.QueueFull(spans.Count);
            stored = Task.CompletedTask;
            return false;
        }

        var write = new PendingWrite(spans, null, spans.Count);
        if (!_queue.Writer.TryWrite(write))
        {
            Interlocked.Add(ref _queuedSpans, -spans.Count);
            stored = Task.FromException(new StoreUnavailableException("qyl is shutting down."));
            return true;
        }
        stored = write.Completion.Task;
        return true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>();
        var spanWrites = new List<PendingWrite>();
        var logWrites = new List<PendingWrite>();
        var spans = new List<SpanRecord>();
        var logs = new List<LogRecord>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                spanWrites.Clear();
                logWrites.Clear();
                spans.Clear();
                logs.Clear();
                while (spans.Count + logs.Count < _options.MaxSpansPerWrite && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                    if (write.Logs is { } writeLogs)
                    {
                        logWrites.Add(write);
                        logs.AddRange(writeLogs);
                    }
                    else
                    {
                        spanWrites.Add(write);
                        spans.AddRange(write.Spans!);
                    }
                }
                // Spans first, then logs: each append takes the next seqs, so within one round of
                // the writer the order is fixed and both stay in one ascending sequence.
                if (spanWrites.Count > 0)
                {
                    await WriteAsync(spanWrites, spans, stoppingToken).ConfigureAwait(false);
                }
                if (logWrites.Count > 0)
                {
                    await WriteLogsAsync(logWrites, logs, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            var shutdown = new StoreUnavailableException("qyl is shutting down.");
            foreach (var write in batch)
            {
                write.Completion.TrySetException(shutdown);
            }
            while (_queue.Reader.TryRead(out var write))
            {
                write.Completion.TrySetException(shutdown);
            }
        }
    }

    private async Task WriteAsync(List<PendingWrite> batch, List<SpanRecord> spans, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await _store.AppendAsync(spans, _broadcaster.Publish, cancellationToken).ConfigureAwait(false);
            _metrics.Stored(result, System.Diagnostics.Stopwatch.GetElapsedTime(started));
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
            var failure = ex as StoreUnavailableException ?? new StoreUnavailableException("The span store failed to write.", ex);
            IngestLog.StoreWriteFailed(_logger, spans.Count, ex);
            _metrics.StoreFailed(spans.Count);
            foreach (var write in batch)
            {
                write.Completion.TrySetException(failure);
            }
        }
        finally
        {
            Interlocked.Add(ref _queuedSpans, -spans.Count);
        }
    }

    /// <summary>One request's records: spans or log records, never both.</summary>
    private sealed class PendingWrite(IReadOnlyList<SpanRecord>? spans, IReadOnlyList<LogRecord>? logs, int count)
    {
        public IReadOnlyList<SpanRecord>? Spans { get; } = spans;

        public IReadOnlyList<LogRecord>? Logs { get; } = logs;

        public int Count { get; } = count;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
