using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qyl.Ingest.Configuration;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>Registration of the PostgreSQL store, chosen by <c>AddQylStorage</c> when <c>ConnectionStrings:Postgres</c> is set.</summary>
internal static class PostgresServiceCollectionExtensions
{
    public static IServiceCollection AddQylPostgresStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddQylOptions<PostgresStoreOptions>(configuration, StorageOptions.Section);
        services.TryAddSingleton(sp => new PostgresSpanStore(
            sp.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Postgres!,
            sp.GetRequiredService<ILogger<PostgresSpanStore>>()));
        services.TryAddSingleton<ISpanStore>(sp => sp.GetRequiredService<PostgresSpanStore>());
        services.TryAddSingleton<ILogStore>(sp => sp.GetRequiredService<PostgresSpanStore>());
        services.TryAddSingleton<ISharedSeqStore>(sp => sp.GetRequiredService<PostgresSpanStore>());
        services.AddHostedService<PostgresRetentionService>();
        return services;
    }
}
