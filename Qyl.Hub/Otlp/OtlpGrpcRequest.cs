using System.Buffers;
using Grpc.Core;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Hub.Otlp;

/// <summary>
/// An OTLP/gRPC export request as its marshaller leaves it: the decoded spans, or why the bytes
/// could not be decoded. The decoder's verdict travels as a value, not an exception, so the service
/// answers INVALID_ARGUMENT with the decoder's message instead of the framework's generic failure.
/// </summary>
internal sealed class OtlpGrpcRequest
{
    private OtlpGrpcRequest(OtlpMappedBatch? batch, string? error)
    {
        Batch = batch;
        Error = error;
    }

    public OtlpMappedBatch? Batch { get; }

    public string? Error { get; }

    /// <summary>Decodes the message bytes with <see cref="OtlpProtobufDecoder"/>; the hub never serializes requests.</summary>
    public static Marshaller<OtlpGrpcRequest> Marshaller { get; } = new(
        (_, _) => throw new NotSupportedException("qyl only receives OTLP export requests."),
        Deserialize);

    private static OtlpGrpcRequest Deserialize(DeserializationContext context)
    {
        var payload = context.PayloadAsReadOnlySequence();
        try
        {
            if (payload.IsSingleSegment)
            {
                return new OtlpGrpcRequest(OtlpProtobufDecoder.Decode(payload.FirstSpan), null);
            }
            // A message split across buffers is copied once into a pooled contiguous one.
            var length = checked((int)payload.Length);
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                payload.CopyTo(buffer);
                return new OtlpGrpcRequest(OtlpProtobufDecoder.Decode(buffer.AsSpan(0, length)), null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (OtlpDecodeException ex)
        {
            return new OtlpGrpcRequest(null, ex.Message);
        }
    }
}
