using System.Diagnostics;
using Qyl.Bench.Infrastructure;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// What one subscriber received, whichever client read it: spans by seq (duplicates), drops the server
/// reported, and end-to-end latency from the send time each span carries (the machine's monotonic
/// clock), for spans sent after <see cref="StartMeasuring"/>. Thread-safe: a client's receive loop
/// records while the bench reads.
/// </summary>
public sealed class DeliveryTally
{
    private readonly HashSet<long> _seqs = [];
    private readonly Lock _lock = new();
    private long _received;
    private long _duplicates;
    private long _dropped;
    private long _measureFrom = long.MaxValue;

    /// <summary>End-to-end latencies of spans sent after <see cref="StartMeasuring"/>.</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Spans received, duplicates included.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Distinct seqs received.</summary>
    public long Unique
    {
        get
        {
            lock (_lock)
            {
                return _seqs.Count;
            }
        }
    }

    /// <summary>Spans received again under a seq already seen.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Spans the server reported dropped for this client.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The send-time floor for latency, read once per received batch.</summary>
    public long MeasureFrom => Interlocked.Read(ref _measureFrom);

    /// <summary>Latency is recorded for spans sent from now on (warm-up excluded).</summary>
    public void StartMeasuring(long fromTimestamp) => Interlocked.Exchange(ref _measureFrom, fromTimestamp);

    /// <summary>Counts <paramref name="count"/> spans received (one batch).</summary>
    public void AddReceived(int count) => Interlocked.Add(ref _received, count);

    /// <summary>A Dropped notice; one that cannot say how many still counts once.</summary>
    public void AddDropped(long count) => Interlocked.Add(ref _dropped, Math.Max(1, count));

    /// <summary>One span: a duplicate when its seq was seen; its latency when it was sent at or after <paramref name="measureFrom"/>.</summary>
    public void Record(long seq, double sentTimestamp, long now, long measureFrom)
    {
        bool added;
        lock (_lock)
        {
            added = _seqs.Add(seq);
        }
        if (!added)
        {
            Interlocked.Increment(ref _duplicates);
        }
        if (!double.IsNaN(sentTimestamp) && sentTimestamp >= measureFrom)
        {
            Latency.Add((now - sentTimestamp) * 1000.0 / Stopwatch.Frequency);
        }
    }
}
