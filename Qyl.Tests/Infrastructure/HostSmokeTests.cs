using System.Net;

namespace Qyl.Tests.Infrastructure;

public sealed class HostSmokeTests
{
    [Fact]
    public async Task StartAsync_PortZero_BindsThreeDistinctPortsAndAnswersHealth()
    {
        await using var host = await QylTestHost.StartAsync();
        Assert.NotEqual(0, host.HttpUri.Port);
        Assert.Equal(3, new[] { host.HttpUri.Port, host.OtlpHttpUri.Port, host.OtlpGrpcUri.Port }.Distinct().Count());

        using var http = host.CreateHttpClient();
        var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative)).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative)).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
