using Qyl.Mcp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace Qyl.Hub.Mcp;

/// <summary>
/// <c>/mcp</c>: qyl's tools for coding agents over MCP streamable HTTP, behind the API key like the query API.
/// </summary>
/// <remarks>
/// Stateless mode: every call is one POST answered by its own response, so there is no session to keep
/// in memory, expire or pin to one instance (a load balancer may send each call to any hub behind the Redis
/// relay), and the SDK's default for current protocol revisions is the same. Nothing here needs what
/// sessions add: the tools never call back into the client (no sampling, elicitation or roots), and a
/// <c>wait_for_spans</c> call is a long poll that holds its own POST open, ended by its timeout or by the
/// client closing the request.
/// </remarks>
public static class McpEndpoints
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/mcp";

    /// <summary>Adds the MCP server with qyl's tools (<see cref="QylTools"/>) over this hub's store and fan-out.</summary>
    public static IServiceCollection AddQylMcp(this IServiceCollection services)
    {
        services.TryAddSingleton<LiveSpanWaiter>();
        services.TryAddSingleton<IQylTelemetrySource, HubTelemetrySource>();
        services.AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "qyl", Title = "qyl telemetry hub", Version = typeof(McpEndpoints).Assembly.GetName().Version?.ToString() ?? "0" };
                o.ServerInstructions = QylTools.Instructions;
            })
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools(QylTools.Create(request => (request.Services ?? request.Server.Services)!.GetRequiredService<IQylTelemetrySource>()));
        return services;
    }

    /// <summary>Maps the MCP endpoint at <see cref="Path"/>.</summary>
    public static WebApplication MapQylMcp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMcp(Path);
        return app;
    }
}
