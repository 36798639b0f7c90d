using System.Net;
using System.Net.Http.Headers;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Operations;

/// <summary>
/// The refused-key counter, scraped before and after. In the scrape collection: a test host disposed
/// in parallel ends its instruments, and the process-wide OpenTelemetry listener of this host can then
/// drop the same-named qyl series from its scrape (seen in a full parallel run).
/// </summary>
[Collection(MetricsScrapeCollection.Name)]
public sealed class ApiKeyMetricsTests : IAsyncLifetime
{
    private const string Key = "s3cret-key";
    private QylTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:ApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Metrics_RefusedRequest_CountsUnauthorizedError()
    {
        using var http = _host.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var before = await PrometheusScrape.GetAsync(http);
        using var anonymous = _host.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/v1/services", UriKind.Relative)).WithTimeout()).StatusCode);
        var after = await PrometheusScrape.GetAsync(http);
        Assert.True(
            after.Sum("qyl_hub_errors_total", "error_type=unauthorized") >= before.Sum("qyl_hub_errors_total", "error_type=unauthorized") + 1,
            after.Text);
    }
}
