using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Operations;

public sealed class CorsTests
{
    [Fact]
    public async Task Preflight_NoOriginsConfigured_GetsNoAllowOrigin()
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        var response = await http.SendAsync(Preflight()).WithTimeout();
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_OriginListed_IsAllowed()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:CorsOrigins:0"] = "http://app.example" });
        using var http = host.CreateHttpClient();
        var response = await http.SendAsync(Preflight()).WithTimeout();
        Assert.Equal("http://app.example", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    private static HttpRequestMessage Preflight()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/v1/services", UriKind.Relative));
        request.Headers.Add("Origin", "http://app.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        return request;
    }
}
