using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Qyl.Ingest.Live;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Pricing;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;
using Qyl.Ingest.Storage.Postgres;

namespace Qyl.Ingest;

/// <summary>Registration of the ingest pipeline and the span store.</summary>
public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ingest pipeline (<c>Qyl:Ingest</c>), its metrics and the price table (<c>Qyl:Pricing</c>). Hosts that broadcast register
    /// their own <see cref="ITelemetryBroadcaster"/> (Qyl.Hub: <c>AddQylHub</c>), before or after this
    /// call; without one, spans are only stored.
    /// </summary>
    public static IServiceCollection AddQylIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IngestOptions>()
            .Bind(configuration.GetSection(IngestOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddQylPricing(configuration);
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
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            services.AddQylPostgresStorage(configuration, postgres);
        }
        services.TryAddSingleton<InMemorySpanStore>();
        services.TryAddSingleton<ISpanStore>(sp => sp.GetRequiredService<InMemorySpanStore>());
        return services;
    }
}
