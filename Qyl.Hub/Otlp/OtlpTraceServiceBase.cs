using Google.Protobuf;
using Grpc.Core;
using Qyl.Ingest.Otlp.Proto.Collector;

namespace Qyl.Hub.Otlp;

/// <summary>
/// The OTLP <c>TraceService</c> binding, written by hand in the shape Grpc.Tools would generate, so
/// the request side uses <see cref="OtlpGrpcRequest.Marshaller"/> (raw bytes into the fast decoder)
/// instead of the generated message parser. Grpc.AspNetCore finds the handler as the override of
/// <see cref="Export"/> declared here.
/// </summary>
[BindServiceMethod(typeof(OtlpTraceServiceBase), nameof(BindService))]
internal abstract class OtlpTraceServiceBase
{
    private static readonly Method<OtlpGrpcRequest, ExportTraceServiceResponse> s_export = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.trace.v1.TraceService",
        "Export",
        OtlpGrpcRequest.Marshaller,
        Marshallers.Create(r => r.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    public abstract Task<ExportTraceServiceResponse> Export(OtlpGrpcRequest request, ServerCallContext context);

    /// <summary>Grpc.AspNetCore calls this with a null instance and resolves the service per call from DI.</summary>
    public static void BindService(ServiceBinderBase binder, OtlpTraceServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(s_export, service is null ? null : service.Export);
    }
}
