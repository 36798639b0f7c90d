using Grpc.Core;
using Microsoft.Extensions.Options;
using Qyl.Ingest;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Pipeline;

namespace Qyl.Hub.Otlp;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c>, a thin adapter over <see cref="OtlpTraceExporter"/>.
/// Bound by hand (<see cref="OtlpTraceServiceBase"/>) rather than through a generated base class so the
/// request marshaller can hand the raw message bytes to the same fast decoder as OTLP/HTTP
/// (<see cref="OtlpGrpcRequest"/>). Malformed bytes answer INVALID_ARGUMENT; queue full answers
/// RESOURCE_EXHAUSTED and store failure UNAVAILABLE, both with a <c>google.rpc.RetryInfo</c> in
/// <c>grpc-status-details-bin</c>: the OTLP spec makes RESOURCE_EXHAUSTED retryable exactly when the
/// server sends RetryInfo, which keeps "slow down" (throttling) distinguishable from "down" for the exporter.
/// </summary>
internal sealed class OtlpGrpcTraceService(OtlpTraceExporter exporter, IngestMetrics metrics, IOptions<IngestOptions> options) : OtlpTraceServiceBase
{
    public override async Task<ExportTraceServiceResponse> Export(OtlpGrpcRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Error is { } error)
        {
            metrics.ExportFailed(OtlpTraceExporter.Grpc, OtlpErrorTypes.Malformed);
            throw OtlpGrpcErrors.Malformed(error);
        }
        var result = await exporter.ExportAsync(request.Batch!, OtlpTraceExporter.Grpc, context.CancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            OtlpExportOutcome.Accepted => result.ToResponse(),
            OtlpExportOutcome.Overloaded => throw Retryable(StatusCode.ResourceExhausted,
                "qyl's ingest queue is full (Qyl:Ingest:MaxQueuedSpans); retry later."),
            _ => throw Retryable(StatusCode.Unavailable, "qyl's span store is unavailable; retry later."),
        };
    }

    private RpcException Retryable(StatusCode code, string message)
    {
        metrics.ExportFailed(OtlpTraceExporter.Grpc, code == StatusCode.ResourceExhausted ? OtlpErrorTypes.Overloaded : OtlpErrorTypes.Unavailable);
        return OtlpGrpcErrors.Retryable(code, message, options.Value.RetryAfterSeconds);
    }
}
