using Grpc.Core;
using Microsoft.Extensions.Options;
using Qyl.Ingest;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Logs;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;
using Qyl.Ingest.Pipeline;

namespace Qyl.Hub.Otlp;

/// <summary>
/// OTLP/gRPC <c>LogsService/Export</c>, a thin adapter over <see cref="OtlpLogExporter"/> with the
/// status codes of <see cref="OtlpGrpcTraceService"/>: INVALID_ARGUMENT for malformed bytes,
/// RESOURCE_EXHAUSTED (queue full) and UNAVAILABLE (store down), both with a <c>google.rpc.RetryInfo</c>.
/// </summary>
internal sealed class OtlpGrpcLogsService(OtlpLogExporter exporter, IngestMetrics metrics, IOptions<IngestOptions> options) : OtlpLogsServiceBase
{
    public override async Task<ExportLogsServiceResponse> Export(OtlpGrpcLogsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Error is { } error)
        {
            metrics.LogsExportFailed(OtlpTraceExporter.Grpc, OtlpErrorTypes.Malformed);
            throw OtlpGrpcErrors.Malformed(error);
        }
        var result = await exporter.ExportAsync(request.Batch!, OtlpTraceExporter.Grpc, context.CancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            OtlpExportOutcome.Accepted => result.ToResponse(),
            OtlpExportOutcome.Overloaded => throw Retryable(StatusCode.ResourceExhausted,
                "qyl's ingest queue is full (Qyl:Ingest:MaxQueuedSpans); retry later."),
            _ => throw Retryable(StatusCode.Unavailable, "qyl's store is unavailable; retry later."),
        };
    }

    private RpcException Retryable(StatusCode code, string message)
    {
        metrics.LogsExportFailed(OtlpTraceExporter.Grpc, code == StatusCode.ResourceExhausted ? OtlpErrorTypes.Overloaded : OtlpErrorTypes.Unavailable);
        return OtlpGrpcErrors.Retryable(code, message, options.Value.RetryAfterSeconds);
    }
}
