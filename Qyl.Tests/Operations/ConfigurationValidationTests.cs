using Microsoft.Extensions.Options;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Operations;

/// <summary>
/// Every options class is validated at startup, once: a real host start with one bad value fails
/// with a message that names the exact key, and says it once.
/// </summary>
public sealed class ConfigurationValidationTests
{
    [Theory]
    [InlineData("Qyl:HttpPort", "70000", "Qyl:HttpPort must be 0-65535")]
    [InlineData("Qyl:OtlpGrpcPort", "-1", "Qyl:OtlpGrpcPort must be 0-65535")]
    [InlineData("Qyl:BindAddress", "not-an-address", "Qyl:BindAddress must be an IP address")]
    [InlineData("Qyl:CorsOrigins:0", "app.example/path", "Qyl:CorsOrigins:0 must be an origin")]
    [InlineData("Qyl:DashboardPath", "/nonexistent/qyl-dashboard", "Qyl:DashboardPath must be a folder holding a built dashboard")]
    [InlineData("Qyl:Redis", "127.0.0.1:6379,noSuchOption=1", "Qyl:Redis is not a StackExchange.Redis connection string")]
    [InlineData("Qyl:Limits:KeepAliveSeconds", "0", "Qyl:Limits:KeepAliveSeconds must be between 1 and 300")]
    [InlineData("Qyl:Limits:MaxHubMessageBytes", "10", "Qyl:Limits:MaxHubMessageBytes must be between")]
    [InlineData("Qyl:Streaming:MaxBatchSpans", "0", "Qyl:Streaming:MaxBatchSpans must be between 1 and 100000")]
    [InlineData("Qyl:Streaming:MaxBacklogSpansPerConnection", "10", "Qyl:Streaming:MaxBacklogSpansPerConnection (10) must be at least Qyl:Streaming:MaxBatchSpans")]
    [InlineData("Qyl:Ingest:MaxQueuedSpans", "0", "Qyl:Ingest:MaxQueuedSpans must be between")]
    [InlineData("Qyl:Storage:MaxSpans", "0", "Qyl:Storage:MaxSpans must be between")]
    [InlineData("Qyl:ScaleOut:HoleWaitMilliseconds", "0", "Qyl:ScaleOut:HoleWaitMilliseconds must be between")]
    [InlineData("ConnectionStrings:Postgres", "Host=127.0.0.1;NoSuchKeyword=1", "ConnectionStrings:Postgres is not a PostgreSQL connection string")]
    public async Task StartAsync_OneBadValue_FailsNamingTheKeyOnce(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            QylTestHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        var failure = Assert.Single(error.Failures, f => f.Contains(message, StringComparison.Ordinal));
        Assert.Contains(key, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PostgresStoreOptionOutOfRange_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Username=postgres",
            ["Qyl:Storage:RetentionBatchSize"] = "0",
        }));

        Assert.Single(error.Failures, f => f.Contains("Qyl:Storage:RetentionBatchSize must be between", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_DashboardPathSet_ServesThatBuild()
    {
        var folder = Directory.CreateTempSubdirectory("qyl-dashboard-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "index.html"), "<html>the configured build</html>");
            await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:DashboardPath"] = folder.FullName });
            using var http = host.CreateHttpClient();

            var page = await http.GetStringAsync(new Uri("/sessions/abc", UriKind.Relative)).WithTimeout();

            Assert.Equal("<html>the configured build</html>", page);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_CorsOriginsSet_Started()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Qyl:CorsOrigins:0"] = "http://localhost:5173",
            ["Qyl:CorsOrigins:1"] = "https://app.example",
        });
        using var http = host.CreateHttpClient();
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative)).WithTimeout();

        Assert.True(response.IsSuccessStatusCode);
    }
}
