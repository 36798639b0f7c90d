namespace Qyl.Client;

/// <summary>
/// The de-duplication bookkeeping of one subscription. Live delivery is in seq order, so a span is
/// new when its seq is above the highest seen; backfill fills holes below that, so the ledger also
/// remembers the most recent seqs it let through (a bounded window) to answer "seen already?".
/// Not thread-safe: one subscription is fed by one SignalR receive loop and one consumer, which
/// take turns under the subscription's lock.
/// </summary>
internal sealed class SeqLedger(long? resumeAfterSeq = null, int windowSize = 65_536)
{
    private readonly HashSet<long> _recent = new(Math.Min(windowSize, 4096));
    private readonly Queue<long> _order = new();

    /// <summary>The highest seq delivered live (initially the subscription's resumeAfterSeq): the resume cursor.</summary>
    public long? LastSeq { get; private set; } = resumeAfterSeq;

    /// <summary>Accepts a live span once: only seqs above <see cref="LastSeq"/>.</summary>
    public bool TryAcceptLive(long seq)
    {
        if (LastSeq is { } last && seq <= last)
        {
            return false;
        }
        LastSeq = seq;
        Remember(seq);
        return true;
    }

    /// <summary>Accepts a backfilled span once: any seq not seen in the window.</summary>
    public bool TryAcceptBackfill(long seq)
    {
        if (_recent.Contains(seq))
        {
            return false;
        }
        Remember(seq);
        return true;
    }

    private void Remember(long seq)
    {
        if (!_recent.Add(seq))
        {
            return;
        }
        _order.Enqueue(seq);
        if (_order.Count > windowSize)
        {
            _recent.Remove(_order.Dequeue());
        }
    }
}
