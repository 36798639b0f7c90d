using Microsoft.Extensions.DependencyInjection;
using Qyl.Hub.ScaleOut;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.ScaleOut;

/// <summary>Two real hubs (A and B) on one fresh PostgreSQL database and one throwaway redis-server.</summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    private ScaleOutCluster(RedisServer redis, QylTestHost a, QylTestHost b)
    {
        Redis = redis;
        A = a;
        B = b;
    }

    /// <summary>The shared redis-server.</summary>
    public RedisServer Redis { get; }

    /// <summary>Instance A.</summary>
    public QylTestHost A { get; }

    /// <summary>Instance B.</summary>
    public QylTestHost B { get; }

    /// <summary>Starts Redis, then both hubs with <c>Qyl:Redis</c> and one database; <paramref name="settings"/> go to both.</summary>
    public static async Task<ScaleOutCluster> StartAsync(PostgresFixture postgres, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var redis = await RedisServer.StartNewAsync();
        QylTestHost? a = null;
        try
        {
            var all = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(),
                ["Qyl:Redis"] = redis.ConnectionString,
                // Test spans start in 2023: retention must not remove them behind the test's back.
                ["Qyl:Storage:RetentionHours"] = "87600",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }
            a = await QylTestHost.StartAsync(all);
            var b = await QylTestHost.StartAsync(all);
            var cluster = new ScaleOutCluster(redis, a, b);
            await cluster.WaitForRelayAsync(connected: true);
            return cluster;
        }
        catch
        {
            if (a is not null)
            {
                await a.DisposeAsync();
            }
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>The relay of <paramref name="host"/>.</summary>
    internal static RedisSpanRelay Relay(QylTestHost host) => host.Services.GetRequiredService<RedisSpanRelay>();

    /// <summary>The sequencer of <paramref name="host"/>.</summary>
    internal static BlockSequencer Sequencer(QylTestHost host) => host.Services.GetRequiredService<BlockSequencer>();

    /// <summary>Waits until both instances see Redis as <paramref name="connected"/> and have started their chain.</summary>
    public Task WaitForRelayAsync(bool connected, TimeSpan? timeout = null) =>
        LiveTestExtensions.WaitUntilAsync(
            () => Sequencer(A).RelayConnected == connected && Sequencer(B).RelayConnected == connected
                && Sequencer(A).HandedOutSeq >= 0 && Sequencer(B).HandedOutSeq >= 0,
            timeout ?? Timeouts.Long,
            $"both relays {(connected ? "connected" : "disconnected")}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
        finally
        {
            await Redis.DisposeAsync();
        }
    }
}
