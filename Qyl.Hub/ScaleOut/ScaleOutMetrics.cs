using System.Diagnostics.Metrics;

namespace Qyl.Hub.ScaleOut;

/// <summary>
/// The relay's instruments, on the same <c>Qyl.Hub</c> meter as <see cref="HubMetrics"/> (the meter
/// factory hands out one meter per name), kept in their own class because they only exist with Redis.
/// </summary>
internal sealed class ScaleOutMetrics
{
    private readonly Counter<long> _blocks;
    private readonly Counter<long> _storeFills;
    private readonly Counter<long> _storeFillSpans;

    public ScaleOutMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(HubMetrics.MeterName);
        _blocks = meter.CreateCounter<long>("qyl.hub.relay.blocks", "{block}", "Blocks of sequenced spans relayed over Redis, by direction (published, received).");
        _storeFills = meter.CreateCounter<long>("qyl.hub.relay.store_reads", "{read}", "Store reads for live spans the relay did not bring, by reason (hole, catch_up).");
        _storeFillSpans = meter.CreateCounter<long>("qyl.hub.relay.store_spans", "{span}", "Live spans handed out from store reads instead of the relay.");
    }

    public void Published() => _blocks.Add(1, new KeyValuePair<string, object?>("direction", "published"));

    public void Received() => _blocks.Add(1, new KeyValuePair<string, object?>("direction", "received"));

    public void StoreRead(string reason, int spans)
    {
        _storeFills.Add(1, new KeyValuePair<string, object?>("reason", reason));
        if (spans > 0)
        {
            _storeFillSpans.Add(spans);
        }
    }
}
