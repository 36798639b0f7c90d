using Qyl.Ingest.Live;

namespace Qyl.Hub.Streaming;

/// <summary>
/// Returned by <c>AddQylHub</c>, extended by what changes the live path (scale-out:
/// <c>AddQylRedisScaleOut</c>), as <c>AddSignalR()</c> returns the builder that
/// <c>AddStackExchangeRedis()</c> extends. Only a builder can reach these extensions, so they run
/// after the hub is added, and the order of the calls cannot be wrong.
/// </summary>
public sealed class QylHubBuilder
{
    // Where ingest's blocks enter the live path. The one registration of ITelemetryBroadcaster
    // (StreamingEndpoints.AddQylHub) resolves through this, so an extension changes the entry by
    // setting it here, never by removing and re-adding registrations.
    private Func<IServiceProvider, ITelemetryBroadcaster> _entry = static sp => sp.GetRequiredService<SpanFanout>();

    internal QylHubBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The host's configuration, for extensions that bind their own options.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>
    /// Makes <typeparamref name="TBroadcaster"/> (a registered singleton that forwards to the
    /// <see cref="SpanFanout"/> in its own order) the entry of the live path instead of the fan-out.
    /// </summary>
    internal QylHubBuilder RouteBlocksThrough<TBroadcaster>()
        where TBroadcaster : ITelemetryBroadcaster
    {
        _entry = static sp => sp.GetRequiredService<TBroadcaster>();
        return this;
    }

    internal ITelemetryBroadcaster ResolveEntry(IServiceProvider services) => _entry(services);
}
