using Microsoft.Extensions.Logging;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage;

namespace Qyl.Ingest.Otlp.Logs;

/// <summary>
/// The transport-neutral OTLP logs export: count, enqueue, wait until stored. OTLP/HTTP and
/// OTLP/gRPC are thin adapters that decode the request and translate the result, as for traces
/// (<see cref="OtlpTraceExporter"/>; the protocol tags are the same).
/// </summary>
public sealed class OtlpLogExporter(IngestPipeline pipeline, IngestMetrics metrics, ILogger<OtlpLogExporter> logger)
{
    /// <summary>
    /// Exports records already decoded and mapped. Completes once the accepted records are stored
    /// (the acknowledgement waits for the store, so exporter retries keep their meaning).
    /// Cancelling only stops waiting: records already queued are still stored.
    /// </summary>
    public async Task<OtlpLogExportResult> ExportAsync(OtlpMappedLogBatch batch, string protocol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        metrics.LogsReceived(protocol, batch.TotalLogRecords);
        if (batch.RejectedLogRecords > 0)
        {
            metrics.LogsRejected(IngestMetrics.InvalidId, batch.RejectedLogRecords);
            OtlpLog.LogsRejected(logger, batch.RejectedLogRecords, batch.TotalLogRecords, protocol, batch.ErrorMessage);
        }

        if (!pipeline.TryEnqueueLogs(batch.Logs, out var stored))
        {
            OtlpLog.LogsQueueFull(logger, batch.Logs.Count, protocol);
            return new OtlpLogExportResult(OtlpExportOutcome.Overloaded, batch.RejectedLogRecords, batch.ErrorMessage);
        }
        try
        {
            await stored.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            OtlpLog.LogsStoreUnavailable(logger, batch.Logs.Count, protocol, ex);
            return new OtlpLogExportResult(OtlpExportOutcome.Unavailable, batch.RejectedLogRecords, batch.ErrorMessage);
        }
        return new OtlpLogExportResult(OtlpExportOutcome.Accepted, batch.RejectedLogRecords, batch.ErrorMessage);
    }
}

/// <summary>The outcome of one logs export and the partial-success details.</summary>
/// <param name="Outcome">Accepted, overloaded or unavailable.</param>
/// <param name="RejectedLogRecords">Records rejected as malformed (<c>partialSuccess.rejectedLogRecords</c>).</param>
/// <param name="ErrorMessage">Why (<c>partialSuccess.errorMessage</c>), or null.</param>
public readonly record struct OtlpLogExportResult(OtlpExportOutcome Outcome, int RejectedLogRecords, string? ErrorMessage)
{
    /// <summary>The OTLP response for an accepted export: partial success only when something was rejected.</summary>
    public ExportLogsServiceResponse ToResponse() => RejectedLogRecords == 0
        ? new ExportLogsServiceResponse()
        : new ExportLogsServiceResponse
        {
            PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = RejectedLogRecords, ErrorMessage = ErrorMessage ?? string.Empty },
        };
}
