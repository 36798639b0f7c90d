using System.Buffers;
using Grpc.Core;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Logs;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Hub.Otlp;

/// <summary>
/// An OTLP/gRPC logs export request as its marshaller leaves it: the decoded records, or why the
/// bytes could not be decoded (a value, so the service answers INVALID_ARGUMENT with the decoder's
/// message), as <see cref="OtlpGrpcRequest"/> is for traces.
/// </summary>
internal sealed class OtlpGrpcLogsRequest
{
    private OtlpGrpcLogsRequest(OtlpMappedLogBatch? batch, string? error)
    {
        Batch = batch;
        Error = error;
    }

    public OtlpMappedLogBatch? Batch { get; }

    public string? Error { get; }

    public static Marshaller<OtlpGrpcLogsRequest> Marshaller { get; } = new(
        (_, _) => throw new NotSupportedException("qyl only receives OTLP export requests."),
        Deserialize);

    private static OtlpGrpcLogsRequest Deserialize(DeserializationContext context)
    {
        var payload = context.PayloadAsReadOnlySequence();
        try
        {
            if (payload.IsSingleSegment)
            {
                return new OtlpGrpcLogsRequest(OtlpProtobufDecoder.DecodeLogs(payload.FirstSpan), null);
            }
            var length = checked((int)payload.Length);
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                payload.CopyTo(buffer);
                return new OtlpGrpcLogsRequest(OtlpProtobufDecoder.DecodeLogs(buffer.AsSpan(0, length)), null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (OtlpDecodeException ex)
        {
            return new OtlpGrpcLogsRequest(null, ex.Message);
        }
    }
}
