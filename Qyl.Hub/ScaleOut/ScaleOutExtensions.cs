using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Qyl.Hub.Hosting;
using Qyl.Ingest.Configuration;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.ScaleOut;

/// <summary>Several hub instances as one: the Redis span relay (<c>Qyl:Redis</c>, <c>Qyl:ScaleOut</c>).</summary>
public static class ScaleOutExtensions
{
    /// <summary>
    /// With <c>Qyl:Redis</c> set, routes the live path through the Redis relay and its sequencer
    /// (local blocks and other instances' blocks reach the fan-out in one seq order). Without it,
    /// only validates the configuration. Extends the builder of <c>AddQylHub</c>, so it always
    /// runs after the hub is added.
    /// </summary>
    public static QylHubBuilder AddQylRedisScaleOut(this QylHubBuilder hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var services = hub.Services;
        var configuration = hub.Configuration;
        services.AddQylOptions<ScaleOutOptions>(configuration, ScaleOutOptions.Section);
        services.AddQylOptions<QylOptions>(configuration, QylOptions.Section);
        services.AddQylOptions<ConnectionStringsOptions>(configuration, ConnectionStringsOptions.Section);
        services.AddSingleton<IValidateOptions<ScaleOutOptions>, ScaleOutConfigurationValidator>();
        // Whether to relay is a choice of registrations, so it is read now, by the options' own rules.
        var redis = configuration.ReadQylOptions<QylOptions>(QylOptions.Section).Redis;
        // Redis without PostgreSQL registers nothing: the host resolves its services before options
        // validation runs, and the validator's message (naming both keys) is the one to see.
        if (string.IsNullOrWhiteSpace(redis)
            || !configuration.ReadQylOptions<ConnectionStringsOptions>(ConnectionStringsOptions.Section).HasPostgres)
        {
            return hub;
        }
        services.TryAddSingleton<ScaleOutMetrics>();
        services.TryAddSingleton(sp => new BlockSequencer(
            sp.GetRequiredService<ISpanStore>(),
            sp.GetRequiredService<ILogStore>(),
            sp.GetRequiredService<ISharedSeqStore>(),
            sp.GetRequiredService<SpanFanout>(),
            sp.GetRequiredService<IOptions<ScaleOutOptions>>(),
            sp.GetRequiredService<ScaleOutMetrics>(),
            sp.GetRequiredService<ILogger<BlockSequencer>>()));
        services.TryAddSingleton(sp => new RedisSpanRelay(
            sp.GetRequiredService<IOptions<QylOptions>>().Value.Redis!,
            sp.GetRequiredService<BlockSequencer>(),
            sp.GetRequiredService<IOptions<ScaleOutOptions>>(),
            sp.GetRequiredService<ScaleOutMetrics>(),
            sp.GetRequiredService<ILogger<RedisSpanRelay>>()));
        services.AddHostedService(sp => sp.GetRequiredService<BlockSequencer>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisSpanRelay>());
        return hub.RouteBlocksThrough<RedisSpanRelay>();
    }
}
