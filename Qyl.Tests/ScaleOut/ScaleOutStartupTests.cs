using Microsoft.Extensions.Options;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.ScaleOut;

/// <summary>Configuration checks of the scale-out at startup.</summary>
public sealed class ScaleOutStartupTests
{
    [Fact]
    public async Task StartAsync_RedisWithoutPostgres_FailsNamingBothKeys()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Qyl:Redis"] = "127.0.0.1:1,connectTimeout=200",
        }));
        Assert.Contains("Qyl:Redis", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_RedisConnectionStringMalformed_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Username=postgres",
            ["Qyl:Redis"] = "127.0.0.1:6379,noSuchOption=1",
        }));
        Assert.Contains("Qyl:Redis is not a StackExchange.Redis connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_HoleWaitOutOfRange_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Qyl:ScaleOut:HoleWaitMilliseconds"] = "0",
        }));
        Assert.Contains("Qyl:ScaleOut:HoleWaitMilliseconds", error.Message, StringComparison.Ordinal);
    }
}
