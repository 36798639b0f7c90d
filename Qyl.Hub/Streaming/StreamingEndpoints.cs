using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Hub.Hosting;
using Qyl.Ingest.Configuration;
using Qyl.Ingest.Live;

namespace Qyl.Hub.Streaming;

/// <summary>The live path: SignalR hub and SSE.</summary>
public static class StreamingEndpoints
{
    /// <summary>
    /// Adds SignalR (JSON and MessagePack), the fan-out and the live path's entry
    /// (<see cref="ITelemetryBroadcaster"/>, <c>Qyl:Streaming</c>). Returns the builder that scale-out
    /// extends (<c>.AddQylRedisScaleOut()</c>).
    /// </summary>
    public static QylHubBuilder AddQylHub(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddQylOptions<StreamingOptions>(configuration, StreamingOptions.Section);
        services.AddQylOptions<LimitsOptions>(configuration, LimitsOptions.Section);
        services.AddSignalR(o =>
            {
                // Subscribe replays from the store; one at a time per client keeps a client from
                // starting many replays at once.
                o.MaximumParallelInvocationsPerClient = 1;
                o.EnableDetailedErrors = false;
                o.AddFilter<HubErrorCountingFilter>();
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, QylJsonContext.Default))
            // MessagePack's default resolver honours [DataContract]/[DataMember(Name)], so map keys are the contract's names.
            .AddMessagePackProtocol();
        // Configured when SignalR first reads its options, from the validated limits.
        services.AddOptions<HubOptions>().Configure<IOptions<LimitsOptions>>((o, limitsOptions) =>
        {
            // Reasons for each value: Hosting/LimitsOptions.cs.
            var limits = limitsOptions.Value;
            o.MaximumReceiveMessageSize = limits.MaxHubMessageBytes;
            o.HandshakeTimeout = TimeSpan.FromSeconds(limits.HandshakeTimeoutSeconds);
            o.KeepAliveInterval = TimeSpan.FromSeconds(limits.KeepAliveSeconds);
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(limits.ClientTimeoutSeconds);
        });
        // Closed over TelemetryHub, this wins over AddSignalR's open-generic default. Its groups are
        // the live path's routing (SubscriptionGroups).
        services.TryAddSingleton<SubscriptionGroups>();
        services.TryAddSingleton<TelemetryHubLifetimeManager>();
        services.AddSingleton<Microsoft.AspNetCore.SignalR.HubLifetimeManager<TelemetryHub>>(sp => sp.GetRequiredService<TelemetryHubLifetimeManager>());
        // SignalR pings every Qyl:Limits:KeepAliveSeconds already, which is what keeps proxies from closing
        // a quiet socket; the WebSocket layer's own ping (every 2 minutes by default) is redundant and
        // costs a timer per connection, which adds up at 10,000 subscribers.
        services.Configure<Microsoft.AspNetCore.Builder.WebSocketOptions>(o => o.KeepAliveInterval = TimeSpan.Zero);
        services.AddMetrics();
        services.TryAddSingleton<HubMetrics>();
        services.TryAddSingleton(sp => new SpanFanout(
            sp.GetRequiredService<SubscriptionGroups>(),
            sp.GetRequiredService<TelemetryHubLifetimeManager>(),
            sp.GetRequiredService<IOptions<StreamingOptions>>(),
            sp.GetRequiredService<Qyl.Ingest.Storage.ISpanStore>(),
            sp.GetRequiredService<Qyl.Ingest.Storage.ILogStore>(),
            sp.GetRequiredService<HubMetrics>(),
            sp.GetRequiredService<ILogger<SpanFanout>>()));
        var hub = new QylHubBuilder(services, configuration);
        // The only registration of the live path's entry. Being the last one it wins over the
        // NullTelemetryBroadcaster AddQylIngest adds with TryAdd (which, called later, adds nothing).
        services.AddSingleton<ITelemetryBroadcaster>(hub.ResolveEntry);
        services.AddHostedService(sp => sp.GetRequiredService<SpanFanout>());
        return hub;
    }

    /// <summary>Maps the telemetry hub at <see cref="TelemetryHubPaths.Hub"/> on WebSockets, SSE and long polling.</summary>
    public static WebApplication MapQylHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limits = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        app.MapHub<TelemetryHub>(TelemetryHubPaths.Hub, o =>
        {
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            o.AllowStatefulReconnects = true;
            // Reasons for each value: Hosting/LimitsOptions.cs.
            o.TransportMaxBufferSize = limits.TransportMaxBufferBytes;
            o.ApplicationMaxBufferSize = limits.ApplicationMaxBufferBytes;
        });
        return app;
    }

    /// <summary>Maps the SSE endpoints under <c>/api/v1/events</c>.</summary>
    public static WebApplication MapQylSse(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        SseEndpoints.Map(app);
        return app;
    }
}
