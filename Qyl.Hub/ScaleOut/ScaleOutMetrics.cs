using System.Diagnostics.Metrics;
using Qyl.Ingest;

namespace Qyl.Hub.ScaleOut;

/// <summary>
/// The relay's instruments, on the same <c>Qyl.Hub</c> meter as <see cref="HubMetrics"/> (the meter
/// factory hands out one meter per name), kept in their own class because they only exist with Redis.
/// </summary>
internal sealed class ScaleOutMetrics
{
    /// <summary>A read for a hole in the seq chain that the relay did not fill in time.</summary>
    public const string HoleRead = "hole";

    /// <summary>A read to catch up after the relay fell behind or reconnected.</summary>
    public const string CatchUpRead = "catch_up";

    // Declared with their label values, so each series is exported at 0 from startup (scale-out on).
    private readonly DeclaredCounter _blocks;
    private readonly DeclaredCounter _storeFills;
    private readonly DeclaredCounter _storeFillSpans;

    public ScaleOutMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(HubMetrics.MeterName);
        _blocks = DeclaredCounter.Create(meter, "qyl.hub.relay.blocks", "{block}", "Blocks of sequenced spans relayed over Redis, by direction (published, received).",
            new DeclaredLabel("direction", "published", "received"));
        _storeFills = DeclaredCounter.Create(meter, "qyl.hub.relay.store_reads", "{read}", "Store reads for live spans the relay did not bring, by reason (hole, catch_up).",
            new DeclaredLabel("reason", HoleRead, CatchUpRead));
        _storeFillSpans = DeclaredCounter.Create(meter, "qyl.hub.relay.store_spans", "{span}", "Live spans handed out from store reads instead of the relay.");
    }

    public void Published() => _blocks.Add(1, "published");

    public void Received() => _blocks.Add(1, "received");

    public void StoreRead(string reason, int spans)
    {
        _storeFills.Add(1, reason);
        if (spans > 0)
        {
            _storeFillSpans.Add(spans);
        }
    }
}
