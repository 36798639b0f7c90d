using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Qyl.Ingest.Configuration;
using Qyl.Ingest.Live;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;
using Qyl.Ingest.Storage.Postgres;

namespace Qyl.Ingest;

/// <summary>Registration of the ingest pipeline and the span store.</summary>
public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ingest pipeline (<c>Qyl:Ingest</c>) and its metrics. Hosts that broadcast register
    /// their own <see cref="ITelemetryBroadcaster"/> (Qyl.Hub: <c>AddQylHub</c>), before or after this
    /// call; without one, spans are only stored.
    /// </summary>
    public static IServiceCollection AddQylIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddQylOptions<IngestOptions>(configuration, IngestOptions.Section);
        services.AddMetrics();
        services.TryAddSingleton<IngestMetrics>();
        // TryAdd: a broadcaster registered earlier is kept; one registered later wins, as the last
        // registration of a service does.
        services.TryAddSingleton<ITelemetryBroadcaster, NullTelemetryBroadcaster>();
        // Logs live in the span store itself (one seq sequence); a host's own span store that keeps
        // no logs refuses them rather than a second store numbering them apart.
        services.TryAddSingleton<ILogStore>(sp => sp.GetRequiredService<ISpanStore>() as ILogStore ?? new UnsupportedLogStore());
        services.TryAddSingleton<IngestPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestPipeline>());
        return services;
    }

    /// <summary>
    /// Adds the span store (<c>Qyl:Storage</c>): PostgreSQL when <c>ConnectionStrings:Postgres</c> is
    /// set, otherwise the bounded embedded store.
    /// </summary>
    public static IServiceCollection AddQylStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddQylOptions<StorageOptions>(configuration, StorageOptions.Section);
        services.AddQylOptions<ConnectionStringsOptions>(configuration, ConnectionStringsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        // Which store is a choice of registrations, so it is read now, validated by the same rules.
        if (configuration.ReadQylOptions<ConnectionStringsOptions>(ConnectionStringsOptions.Section).HasPostgres)
        {
            services.AddQylPostgresStorage(configuration);
        }
        services.TryAddSingleton<InMemorySpanStore>();
        services.TryAddSingleton<ISpanStore>(sp => sp.GetRequiredService<InMemorySpanStore>());
        return services;
    }
}
