using Google.Protobuf;
using Grpc.Core;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;

namespace Qyl.Hub.Otlp;

/// <summary>
/// The OTLP <c>LogsService</c> binding, written by hand as <see cref="OtlpTraceServiceBase"/> is, so
/// the request bytes go straight into the fast decoder (<see cref="OtlpGrpcLogsRequest.Marshaller"/>).
/// </summary>
[BindServiceMethod(typeof(OtlpLogsServiceBase), nameof(BindService))]
internal abstract class OtlpLogsServiceBase
{
    private static readonly Method<OtlpGrpcLogsRequest, ExportLogsServiceResponse> s_export = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.logs.v1.LogsService",
        "Export",
        OtlpGrpcLogsRequest.Marshaller,
        Marshallers.Create(r => r.ToByteArray(), ExportLogsServiceResponse.Parser.ParseFrom));

    public abstract Task<ExportLogsServiceResponse> Export(OtlpGrpcLogsRequest request, ServerCallContext context);

    /// <summary>Grpc.AspNetCore calls this with a null instance and resolves the service per call from DI.</summary>
    public static void BindService(ServiceBinderBase binder, OtlpLogsServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(s_export, service is null ? null : service.Export);
    }
}
