using Microsoft.Extensions.Logging;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage;

namespace Qyl.Ingest.Otlp;

/// <summary>
/// The transport-neutral OTLP trace export: map, enqueue, wait until stored. OTLP/HTTP and OTLP/gRPC
/// are thin adapters that decode the request and translate the <see cref="OtlpExportResult"/>.
/// </summary>
public sealed class OtlpTraceExporter(IngestPipeline pipeline, IngestMetrics metrics, ILogger<OtlpTraceExporter> logger)
{
    /// <summary>The <c>protocol</c> tag of OTLP/HTTP with protobuf bodies.</summary>
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The <c>protocol</c> tag of OTLP/HTTP with JSON bodies.</summary>
    public const string HttpJson = "http/json";

    /// <summary>The <c>protocol</c> tag of OTLP/gRPC.</summary>
    public const string Grpc = "grpc";

    /// <summary>
    /// Exports <paramref name="request"/>. Completes once the accepted spans are stored (the OTLP
    /// acknowledgement waits for the store so exporter retries keep their meaning). Cancelling only
    /// stops waiting: spans already queued are still stored.
    /// </summary>
    public Task<OtlpExportResult> ExportAsync(ExportTraceServiceRequest request, string protocol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExportAsync(OtlpSpanMapper.Map(request), protocol, cancellationToken);
    }

    /// <summary>
    /// Exports spans already decoded and mapped (<see cref="Protobuf.OtlpProtobufDecoder"/> decodes
    /// protobuf bodies straight into a batch). Same completion and cancellation rules as above.
    /// </summary>
    public async Task<OtlpExportResult> ExportAsync(OtlpMappedBatch batch, string protocol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        metrics.Received(protocol, batch.TotalSpans);
        if (batch.RejectedSpans > 0)
        {
            metrics.Rejected(IngestMetrics.InvalidId, batch.RejectedSpans);
            OtlpLog.SpansRejected(logger, batch.RejectedSpans, batch.TotalSpans, protocol, batch.ErrorMessage);
        }

        if (!pipeline.TryEnqueue(batch.Spans, out var stored))
        {
            OtlpLog.QueueFull(logger, batch.Spans.Count, protocol);
            return new OtlpExportResult(OtlpExportOutcome.Overloaded, batch.RejectedSpans, batch.ErrorMessage);
        }
        try
        {
            await stored.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            OtlpLog.StoreUnavailable(logger, batch.Spans.Count, protocol, ex);
            return new OtlpExportResult(OtlpExportOutcome.Unavailable, batch.RejectedSpans, batch.ErrorMessage);
        }
        return new OtlpExportResult(OtlpExportOutcome.Accepted, batch.RejectedSpans, batch.ErrorMessage);
    }
}

/// <summary>What became of an export.</summary>
public enum OtlpExportOutcome
{
    /// <summary>Every valid span is stored (rejected ones are counted in the result). HTTP 200 / gRPC OK.</summary>
    Accepted,

    /// <summary>The ingest queue is full; nothing was accepted. HTTP 429 / gRPC RESOURCE_EXHAUSTED, retry later.</summary>
    Overloaded,

    /// <summary>The store failed; nothing is known to be stored. HTTP 503 / gRPC UNAVAILABLE, retry later.</summary>
    Unavailable,
}

/// <summary>The outcome of one export and the partial-success details.</summary>
/// <param name="Outcome">Accepted, overloaded or unavailable.</param>
/// <param name="RejectedSpans">Spans rejected as malformed (<c>partialSuccess.rejectedSpans</c>).</param>
/// <param name="ErrorMessage">Why (<c>partialSuccess.errorMessage</c>), or null.</param>
public readonly record struct OtlpExportResult(OtlpExportOutcome Outcome, int RejectedSpans, string? ErrorMessage)
{
    /// <summary>The OTLP response for an accepted export: partial success only when something was rejected.</summary>
    public ExportTraceServiceResponse ToResponse() => RejectedSpans == 0
        ? new ExportTraceServiceResponse()
        : new ExportTraceServiceResponse
        {
            PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = RejectedSpans, ErrorMessage = ErrorMessage ?? string.Empty },
        };
}
