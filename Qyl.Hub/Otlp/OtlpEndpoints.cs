using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Logs;
using Qyl.Ingest.Pipeline;

namespace Qyl.Hub.Otlp;

/// <summary>OTLP/HTTP and OTLP/gRPC receivers.</summary>
public static class OtlpEndpoints
{
    /// <summary>Adds the OTLP receivers' services.</summary>
    public static IServiceCollection AddQylOtlp(this IServiceCollection services)
    {
        services.TryAddSingleton<OtlpTraceExporter>();
        services.TryAddSingleton<OtlpLogExporter>();
        services.AddGrpc();
        // One limit for both transports: gRPC refuses larger messages with RESOURCE_EXHAUSTED.
        services.AddOptions<GrpcServiceOptions>()
            .Configure<IOptions<IngestOptions>>((grpc, ingest) => grpc.MaxReceiveMessageSize = ingest.Value.MaxRequestBodyBytes);
        return services;
    }

    /// <summary>
    /// Maps <c>POST /v1/traces</c>, <c>POST /v1/logs</c> and the gRPC TraceService and LogsService. All are on every listener; gRPC needs
    /// HTTP/2, which only the <c>Qyl:OtlpGrpcPort</c> listener speaks.
    /// </summary>
    public static WebApplication MapQylOtlp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/v1/traces", OtlpHttpEndpoint.HandleAsync);
        app.MapPost("/v1/logs", OtlpHttpEndpoint.HandleLogsAsync);
        app.MapGrpcService<OtlpGrpcTraceService>();
        app.MapGrpcService<OtlpGrpcLogsService>();
        return app;
    }
}
