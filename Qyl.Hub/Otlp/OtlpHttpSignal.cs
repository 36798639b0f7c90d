using Google.Protobuf;
using Qyl.Ingest;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Logs;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Hub.Otlp;

/// <summary>What an OTLP/HTTP export came to: the outcome and, when accepted, the response message.</summary>
internal readonly record struct OtlpHttpExport(OtlpExportOutcome Outcome, IMessage? Response);

/// <summary>
/// The signal-specific part of <see cref="OtlpHttpEndpoint"/>: how a body decodes, which exporter
/// takes it, which metric counts its failures. Everything else (media types, limits, gzip, status
/// codes, Retry-After) is one code path for traces and logs, so the two cannot drift.
/// </summary>
internal abstract class OtlpHttpSignal
{
    public static OtlpHttpSignal Traces { get; } = new TraceSignal();

    public static OtlpHttpSignal Logs { get; } = new LogSignal();

    /// <summary>What a 503 names as unavailable.</summary>
    public abstract string StoreName { get; }

    /// <summary>Decodes and maps the body; throws <see cref="OtlpDecodeException"/> when it is malformed.</summary>
    public abstract object Decode(OtlpEncoding encoding, ReadOnlyMemory<byte> body);

    public abstract Task<OtlpHttpExport> ExportAsync(IServiceProvider services, object batch, string protocol, CancellationToken cancellationToken);

    public abstract void CountFailure(IngestMetrics metrics, string protocol, string errorType);

    private sealed class TraceSignal : OtlpHttpSignal
    {
        public override string StoreName => "span store";

        // Protobuf, the hot path, decodes straight into span records; JSON goes through the
        // generated messages and the reference mapper.
        public override object Decode(OtlpEncoding encoding, ReadOnlyMemory<byte> body) => encoding == OtlpEncoding.Json
            ? OtlpSpanMapper.Map(OtlpJsonDecoder.Decode(body))
            : OtlpProtobufDecoder.Decode(body.Span);

        public override async Task<OtlpHttpExport> ExportAsync(IServiceProvider services, object batch, string protocol, CancellationToken cancellationToken)
        {
            var result = await services.GetRequiredService<OtlpTraceExporter>()
                .ExportAsync((OtlpMappedBatch)batch, protocol, cancellationToken).ConfigureAwait(false);
            return new OtlpHttpExport(result.Outcome, result.Outcome == OtlpExportOutcome.Accepted ? result.ToResponse() : null);
        }

        public override void CountFailure(IngestMetrics metrics, string protocol, string errorType) => metrics.ExportFailed(protocol, errorType);
    }

    private sealed class LogSignal : OtlpHttpSignal
    {
        public override string StoreName => "store";

        public override object Decode(OtlpEncoding encoding, ReadOnlyMemory<byte> body) => encoding == OtlpEncoding.Json
            ? OtlpLogMapper.Map(OtlpJsonDecoder.DecodeLogs(body))
            : OtlpProtobufDecoder.DecodeLogs(body.Span);

        public override async Task<OtlpHttpExport> ExportAsync(IServiceProvider services, object batch, string protocol, CancellationToken cancellationToken)
        {
            var result = await services.GetRequiredService<OtlpLogExporter>()
                .ExportAsync((OtlpMappedLogBatch)batch, protocol, cancellationToken).ConfigureAwait(false);
            return new OtlpHttpExport(result.Outcome, result.Outcome == OtlpExportOutcome.Accepted ? result.ToResponse() : null);
        }

        public override void CountFailure(IngestMetrics metrics, string protocol, string errorType) => metrics.LogsExportFailed(protocol, errorType);
    }
}
