using System.Diagnostics;
using System.Diagnostics.Metrics;
using Qyl.Ingest;

namespace Qyl.Hub.Streaming;

/// <summary>The meter <c>Qyl.Hub</c>: connections, subscriptions, spans delivered and dropped, delivery latency, errors.</summary>
public sealed class HubMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Qyl.Hub";

    /// <summary>The <c>endpoint</c> values of <c>qyl.hub.connections</c>.</summary>
    internal static readonly string[] Endpoints = [HubEndpoint, SseEndpoint];

    /// <summary>A SignalR connection on <c>/hubs/telemetry</c>.</summary>
    internal const string HubEndpoint = "hub";

    /// <summary>A raw SSE stream.</summary>
    internal const string SseEndpoint = "sse";

    // Declared with their label values, so each series is exported at 0 from startup.
    private readonly DeclaredCounter _connections;
    private readonly DeclaredCounter _subscriptions;
    private readonly DeclaredCounter _delivered;
    private readonly DeclaredCounter _dropped;
    private readonly Histogram<double> _latency;
    private readonly DeclaredCounter _errors;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public HubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _connections = DeclaredCounter.CreateUpDown(meter, "qyl.hub.connections", "{connection}", "Open live connections (hub and SSE), by endpoint.", new DeclaredLabel("endpoint", Endpoints));
        _subscriptions = DeclaredCounter.CreateUpDown(meter, "qyl.hub.subscriptions", "{subscription}", "Active subscriptions.");
        _delivered = DeclaredCounter.Create(meter, "qyl.hub.spans.delivered", "{span}", "Spans handed to a client's transport.");
        _dropped = DeclaredCounter.Create(meter, "qyl.hub.spans.dropped", "{span}", "Spans dropped for a slow client whose backlog overflowed.");
        _latency = meter.CreateHistogram<double>(
            "qyl.hub.delivery.latency", "s", "From ingest accept (sequenced) to the batch being handed to the transport, per batch (its oldest span).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _errors = DeclaredCounter.Create(
            meter, "qyl.hub.errors", "{error}", "Requests and hub calls refused or failed, by error.type (unauthorized, hub_method, delivery).",
            new DeclaredLabel("error.type", HubErrorTypes.All));
    }

    internal void ConnectionOpened(string endpoint) => _connections.Add(1, endpoint);

    internal void ConnectionClosed(string endpoint) => _connections.Add(-1, endpoint);

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

    internal void Error(string errorType) => _errors.Add(1, errorType);
}
