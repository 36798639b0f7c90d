using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Qyl.Hub.Streaming;

/// <summary>The meter <c>Qyl.Hub</c>: connections, subscriptions, spans delivered and dropped, delivery latency, errors.</summary>
public sealed class HubMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Qyl.Hub";

    private readonly UpDownCounter<long> _connections;
    private readonly UpDownCounter<long> _subscriptions;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _dropped;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _errors;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public HubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("qyl.hub.connections", "{connection}", "Open live connections (hub and SSE), by endpoint.");
        _subscriptions = meter.CreateUpDownCounter<long>("qyl.hub.subscriptions", "{subscription}", "Active subscriptions.");
        _delivered = meter.CreateCounter<long>("qyl.hub.spans.delivered", "{span}", "Spans handed to a client's transport.");
        _dropped = meter.CreateCounter<long>("qyl.hub.spans.dropped", "{span}", "Spans dropped for a slow client whose backlog overflowed.");
        _latency = meter.CreateHistogram<double>(
            "qyl.hub.delivery.latency", "s", "From ingest accept (sequenced) to the batch being handed to the transport, per batch (its oldest span).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _errors = meter.CreateCounter<long>(
            "qyl.hub.errors", "{error}", "Requests and hub calls refused or failed, by error.type (unauthorized, hub_method).");
    }

    internal void ConnectionOpened(string endpoint) => _connections.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    internal void ConnectionClosed(string endpoint) => _connections.Add(-1, new KeyValuePair<string, object?>("endpoint", endpoint));

    internal void SubscriptionAdded() => _subscriptions.Add(1);

    internal void SubscriptionRemoved(int count = 1) => _subscriptions.Add(-count);

    internal void Delivered(int spans, long acceptTimestamp)
    {
        _delivered.Add(spans);
        if (acceptTimestamp != 0)
        {
            _latency.Record(Stopwatch.GetElapsedTime(acceptTimestamp).TotalSeconds);
        }
    }

    internal void Dropped(int spans) => _dropped.Add(spans);

    internal void Error(string errorType) => _errors.Add(1, new KeyValuePair<string, object?>("error.type", errorType));
}
