using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Hub.ScaleOut;
using Qyl.Hub.Streaming;
using Qyl.Ingest;
using Qyl.Ingest.Live;

namespace Qyl.Tests.Hub;

/// <summary>
/// The live path's entry is registered once and cannot be wired in the wrong order: ingest before or
/// after the hub, and scale-out only through the hub's builder.
/// </summary>
public sealed class HubRegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddQylHub_IngestAddedBeforeOrAfter_BroadcasterIsTheFanout(bool ingestFirst)
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging();
        if (ingestFirst)
        {
            services.AddQylIngest(configuration).AddQylStorage(configuration);
        }
        services.AddQylHub(configuration);
        if (!ingestFirst)
        {
            services.AddQylIngest(configuration).AddQylStorage(configuration);
        }
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<SpanFanout>(), provider.GetRequiredService<ITelemetryBroadcaster>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddQylRedisScaleOut_RedisAndPostgresSet_BroadcasterIsTheRelay(bool ingestFirst)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Username=postgres",
            ["Qyl:Redis"] = "127.0.0.1:1",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        if (ingestFirst)
        {
            services.AddQylIngest(configuration).AddQylStorage(configuration);
        }
        services.AddQylHub(configuration).AddQylRedisScaleOut();
        if (!ingestFirst)
        {
            services.AddQylIngest(configuration).AddQylStorage(configuration);
        }
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<RedisSpanRelay>(provider.GetRequiredService<ITelemetryBroadcaster>());
        Assert.Single(services, d => d.ServiceType == typeof(ITelemetryBroadcaster) && d.ImplementationFactory is not null);
    }
}
