using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using GrpcStatus = Grpc.Core.Status;

namespace Qyl.Hub.Otlp;

/// <summary>
/// The errors both OTLP/gRPC services answer with. RESOURCE_EXHAUSTED and UNAVAILABLE carry a
/// <c>google.rpc.RetryInfo</c> in <c>grpc-status-details-bin</c>: the OTLP spec makes RESOURCE_EXHAUSTED
/// retryable exactly when the server sends RetryInfo, which keeps "slow down" distinguishable from "down".
/// </summary>
internal static class OtlpGrpcErrors
{
    /// <summary>INVALID_ARGUMENT: the request bytes are not an OTLP message.</summary>
    public static RpcException Malformed(string error) => new(new GrpcStatus(StatusCode.InvalidArgument, error));

    /// <summary>A retryable <paramref name="code"/> telling the exporter to wait <paramref name="retryAfterSeconds"/>.</summary>
    public static RpcException Retryable(StatusCode code, string message, int retryAfterSeconds)
    {
        var details = new Ingest.Otlp.Proto.Rpc.Status { Code = (int)code, Message = message };
        details.Details.Add(Any.Pack(new Ingest.Otlp.Proto.Rpc.RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(retryAfterSeconds)) }));
        var trailers = new Metadata { { "grpc-status-details-bin", details.ToByteArray() } };
        return new RpcException(new GrpcStatus(code, message), trailers);
    }
}
