using System.Net;
using System.Net.Http.Headers;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Operations;

public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string Key = "s3cret-key";
    private QylTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:ApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Healthz_NoKey_IsOpen()
    {
        using var http = _host.CreateHttpClient();
        var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative)).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/sessions")]
    [InlineData("/traces/5b8efff798038103d269b633813fc60c")]
    [InlineData("/assets/no-such-file.js")]
    public async Task DashboardShell_NoKey_IsNot401(string path)
    {
        // The shell carries no telemetry and must load to ask for the key; its data calls still need it.
        using var http = _host.CreateHttpClient();
        var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    [InlineData("/api/v1/services")]
    [InlineData("/api/v1/no-such-route")]
    [InlineData("/api/v1/events/spans")]
    [InlineData("/hubs/telemetry/negotiate?negotiateVersion=1")]
    public async Task ClientEndpoint_NoKeyOrWrongKey_Is401(string path)
    {
        using var http = _host.CreateHttpClient();
        var none = await http.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key + "x");
        var refused = await http.SendAsync(wrong).WithTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Readyz_BearerOrAccessToken_IsAccepted()
    {
        using var http = _host.CreateHttpClient();
        using var bearer = new HttpRequestMessage(HttpMethod.Get, new Uri("/readyz", UriKind.Relative));
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer).WithTimeout()).StatusCode);

        var query = await http.GetAsync(new Uri($"/readyz?access_token={Key}", UriKind.Relative)).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public async Task OtlpTraces_WithoutXApiKey_Is401AndBearerIsNotEnough()
    {
        using var http = new HttpClient { BaseAddress = _host.OtlpHttpUri };
        using var body = new ByteArrayContent([]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        var none = await http.PostAsync(new Uri("/v1/traces", UriKind.Relative), body).WithTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/traces", UriKind.Relative)) { Content = new ByteArrayContent([]) };
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(bearer).WithTimeout()).StatusCode);
    }
}
