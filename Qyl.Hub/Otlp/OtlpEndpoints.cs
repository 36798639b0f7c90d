namespace Qyl.Hub.Otlp;

/// <summary>OTLP/HTTP and OTLP/gRPC receivers.</summary>
public static class OtlpEndpoints
{
    /// <summary>Adds the OTLP receivers' services.</summary>
    public static IServiceCollection AddQylOtlp(this IServiceCollection services) => services;

    /// <summary>Maps <c>POST /v1/traces</c> and the gRPC TraceService.</summary>
    public static WebApplication MapQylOtlp(this WebApplication app) => app;
}
