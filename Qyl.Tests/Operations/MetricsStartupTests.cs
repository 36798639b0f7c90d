using Qyl.Ingest;
using Qyl.Ingest.Otlp;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.ScaleOut;

namespace Qyl.Tests.Operations;

/// <summary>
/// Every qyl series, with each of its known label values, is in <c>/metrics</c> at 0 from startup,
/// so dashboards have data and <c>absent()</c> alerts only fire when qyl is gone.
/// </summary>
internal static class QylSeries
{
    /// <summary>Every series of a hub without scale-out, as Prometheus names it, with its label sets.</summary>
    public static IEnumerable<(string Name, string[] Labels)> Embedded()
    {
        foreach (var protocol in IngestMetrics.Protocols)
        {
            yield return ("qyl_ingest_spans_total", [$"protocol={protocol}"]);
            foreach (var errorType in OtlpErrorTypes.All)
            {
                yield return ("qyl_ingest_errors_total", [$"protocol={protocol}", $"error_type={errorType}"]);
            }
        }
        yield return ("qyl_ingest_spans_rejected_total", ["reason=invalid_id"]);
        yield return ("qyl_ingest_spans_throttled_total", []);
        yield return ("qyl_store_spans_stored_total", []);
        yield return ("qyl_store_spans_duplicate_total", []);
        yield return ("qyl_store_spans_failed_total", []);
        yield return ("qyl_store_spans_evicted_total", []);
        yield return ("qyl_hub_connections", ["endpoint=hub"]);
        yield return ("qyl_hub_connections", ["endpoint=sse"]);
        yield return ("qyl_hub_subscriptions", []);
        yield return ("qyl_hub_spans_delivered_total", []);
        yield return ("qyl_hub_spans_dropped_total", []);
        foreach (var errorType in new[] { "unauthorized", "hub_method", "delivery" })
        {
            yield return ("qyl_hub_errors_total", [$"error_type={errorType}"]);
        }
    }

    /// <summary>The relay's series, present when scale-out is on.</summary>
    public static IEnumerable<(string Name, string[] Labels)> Relay() =>
    [
        ("qyl_hub_relay_blocks_total", ["direction=published"]),
        ("qyl_hub_relay_blocks_total", ["direction=received"]),
        ("qyl_hub_relay_store_reads_total", ["reason=hole"]),
        ("qyl_hub_relay_store_reads_total", ["reason=catch_up"]),
        ("qyl_hub_relay_store_spans_total", []),
    ];

    public static void AssertPresent(PrometheusScrape scrape, IEnumerable<(string Name, string[] Labels)> series, bool atZero)
    {
        var missing = series.Where(s => !scrape.Has(s.Name, s.Labels)).Select(s => $"{s.Name}{{{string.Join(',', s.Labels)}}}").ToList();
        Assert.True(missing.Count == 0, $"missing from a fresh /metrics: {string.Join(", ", missing)}\n{scrape.Text}");
        if (atZero)
        {
            Assert.All(series, s => Assert.Equal(0, scrape.Sum(s.Name, s.Labels)));
        }
    }
}

// Alone, after the parallel tests: other hosts' instruments would show in this scrape (MetricsScrapeCollection).
[Collection(MetricsScrapeCollection.Name)]
public sealed class MetricsStartupTests
{
    [Fact]
    public async Task Metrics_FreshHost_EverySeriesWithEveryKnownLabelAtZero()
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();

        var scrape = await PrometheusScrape.GetAsync(http);

        QylSeries.AssertPresent(scrape, QylSeries.Embedded(), atZero: true);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class ScaleOutMetricsStartupTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Metrics_FreshScaleOutHost_RelaySeriesWithEveryKnownLabel()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres);
        using var http = cluster.A.CreateHttpClient();

        var scrape = await PrometheusScrape.GetAsync(http);

        // Present rather than 0: starting the chain may already read the store to catch up.
        QylSeries.AssertPresent(scrape, QylSeries.Relay(), atZero: false);
        QylSeries.AssertPresent(scrape, QylSeries.Embedded(), atZero: false);
    }
}
