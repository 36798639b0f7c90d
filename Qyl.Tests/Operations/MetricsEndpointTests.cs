using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Ingest.Pipeline;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Operations;

// In the scrape collection for the reason given on MetricsScrapeCollection and ApiKeyMetricsTests.
[Collection(MetricsScrapeCollection.Name)]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterIngest_ExposesQylCountersInPrometheusText()
    {
        await using var host = await QylTestHost.StartAsync();
        var pipeline = host.Services.GetRequiredService<IngestPipeline>();
        Assert.True(pipeline.TryEnqueue([TestSpans.Create(), TestSpans.Create()], out var stored));
        await stored.WithTimeout();

        using var http = host.CreateHttpClient();
        var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative)).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE qyl_store_spans_stored", text, StringComparison.Ordinal);
        var line = text.Split('\n').First(l => l.StartsWith("qyl_store_spans_stored", StringComparison.Ordinal));
        var value = double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(value >= 2, line);
    }
}
