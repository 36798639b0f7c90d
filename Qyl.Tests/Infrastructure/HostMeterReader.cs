using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Qyl.Tests.Infrastructure;

/// <summary>
/// Reads one host's qyl counters (observable instruments: each read reports the current totals)
/// without Prometheus, and only that host's: other tests run hubs in the same process at the same time.
/// </summary>
public sealed class HostMeterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _latest = new(StringComparer.Ordinal);

    public HostMeterReader(QylTestHost host, string meterName)
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                key += "|" + tag.Value;
            }
            _latest[key] = value;
        });
        _listener.Start();
    }

    /// <summary>The current total of <paramref name="instrument"/> for label values <paramref name="labelValues"/> (in declaration order).</summary>
    public long Read(string instrument, params string[] labelValues)
    {
        _listener.RecordObservableInstruments();
        return _latest.GetValueOrDefault(string.Join('|', [instrument, .. labelValues]));
    }

    public void Dispose() => _listener.Dispose();
}
