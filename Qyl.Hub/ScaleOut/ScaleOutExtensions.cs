using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.ScaleOut;

/// <summary>Several hub instances as one: the Redis span relay (<c>Qyl:Redis</c>, <c>Qyl:ScaleOut</c>).</summary>
public static class ScaleOutExtensions
{
    /// <summary>
    /// With <c>Qyl:Redis</c> set, replaces the broadcaster of <c>AddQylHub</c> with the Redis relay and
    /// its sequencer (call after <c>AddQylHub</c>). Without it, only validates the configuration.
    /// </summary>
    public static IServiceCollection AddQylScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ScaleOutOptions>()
            .Bind(configuration.GetSection(ScaleOutOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScaleOutOptions>>(new ScaleOutConfigurationValidator(configuration));
        var redis = configuration[ScaleOutConfigurationValidator.RedisKey];
        // Redis without PostgreSQL registers nothing: the host resolves its services before options
        // validation runs, and the validator's message (naming both keys) is the one to see.
        if (string.IsNullOrWhiteSpace(redis) || string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")))
        {
            return services;
        }
        services.TryAddSingleton<ScaleOutMetrics>();
        services.TryAddSingleton(sp => new BlockSequencer(
            sp.GetRequiredService<ISpanStore>(),
            sp.GetRequiredService<ISharedSeqStore>(),
            sp.GetRequiredService<SpanFanout>(),
            sp.GetRequiredService<IOptions<ScaleOutOptions>>(),
            sp.GetRequiredService<ScaleOutMetrics>(),
            sp.GetRequiredService<ILogger<BlockSequencer>>()));
        services.TryAddSingleton(sp => new RedisSpanRelay(
            redis,
            sp.GetRequiredService<BlockSequencer>(),
            sp.GetRequiredService<SpanFanout>(),
            sp.GetRequiredService<IOptions<ScaleOutOptions>>(),
            sp.GetRequiredService<ScaleOutMetrics>(),
            sp.GetRequiredService<ILogger<RedisSpanRelay>>()));
        services.RemoveAll<ISpanBroadcaster>();
        services.AddSingleton<ISpanBroadcaster>(sp => sp.GetRequiredService<RedisSpanRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<BlockSequencer>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisSpanRelay>());
        return services;
    }
}
