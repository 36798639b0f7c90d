using System.Globalization;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// The hub's own share of the end-to-end latency, read from its <c>/metrics</c>: the histogram
/// <c>qyl_hub_delivery_latency_seconds</c> (ingest accept to the batch handed to SignalR, per batch and
/// connection) before and after the measured window. Whatever the end-to-end p99 has beyond it was
/// spent in the transport (thread-pool hop, WebSocket framing, socket) or in the bench's own clients,
/// which share the cores; that split is what decides where the tail can be cut.
/// </summary>
internal sealed class HubDeliveryLatency
{
    private const string Bucket = "qyl_hub_delivery_latency_seconds_bucket";

    // Cumulative count per upper bound in seconds, summed over label sets.
    private readonly SortedDictionary<double, double> _buckets;

    private HubDeliveryLatency(SortedDictionary<double, double> buckets) => _buckets = buckets;

    /// <summary>Null when the hub does not answer or exports no such histogram (an external or older hub).</summary>
    public static async Task<HubDeliveryLatency?> ScrapeAsync(HttpClient http, Uri hubHttpUri, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri(hubHttpUri, "/metrics"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        var buckets = new SortedDictionary<double, double>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(Bucket, StringComparison.Ordinal))
            {
                continue;
            }
            var le = line.IndexOf("le=\"", StringComparison.Ordinal);
            var valueAt = line.LastIndexOf(' ');
            if (le < 0 || valueAt < 0)
            {
                continue;
            }
            var bound = line[(le + 4)..line.IndexOf('"', le + 4)];
            var upper = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);
            var count = double.Parse(line[(valueAt + 1)..], CultureInfo.InvariantCulture);
            buckets[upper] = buckets.GetValueOrDefault(upper) + count;
        }
        return buckets.Count == 0 ? null : new HubDeliveryLatency(buckets);
    }

    /// <summary>
    /// The bucket bound (ms) under which <paramref name="quantile"/> of the batches handed over between
    /// <paramref name="before"/> and this scrape fall; the histogram's buckets make it an upper bound.
    /// </summary>
    public double UpperBoundMs(HubDeliveryLatency before, double quantile)
    {
        var total = _buckets.Count == 0 ? 0 : _buckets.Last().Value - before._buckets.GetValueOrDefault(_buckets.Last().Key);
        if (total <= 0)
        {
            return double.NaN;
        }
        foreach (var (upper, cumulative) in _buckets)
        {
            if (cumulative - before._buckets.GetValueOrDefault(upper) >= quantile * total)
            {
                return upper * 1000;
            }
        }
        return double.PositiveInfinity;
    }
}
