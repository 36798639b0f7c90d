namespace Qyl.Bench.Infrastructure;

/// <summary>
/// Latency samples in milliseconds, thread-safe, bounded: beyond <see cref="MaxSamples"/> it keeps a
/// uniform reservoir so memory stays flat on long runs while percentiles stay unbiased.
/// </summary>
public sealed class LatencyRecorder
{
    private const int MaxSamples = 1_000_000;
    private readonly Lock _lock = new();
    private readonly List<double> _samples = [];
    private long _count;
    private double _max;

    /// <summary>Samples recorded (including those not kept in the reservoir).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records one latency.</summary>
    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _count++;
            _max = Math.Max(_max, milliseconds);
            if (_samples.Count < MaxSamples)
            {
                _samples.Add(milliseconds);
            }
            else
            {
                var slot = Random.Shared.NextInt64(_count);
                if (slot < MaxSamples)
                {
                    _samples[(int)slot] = milliseconds;
                }
            }
        }
    }

    /// <summary>Adds every sample of <paramref name="other"/>.</summary>
    public void AddAll(LatencyRecorder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double[] copy;
        lock (other._lock)
        {
            copy = [.. other._samples];
        }
        foreach (var sample in copy)
        {
            Add(sample);
        }
    }

    /// <summary>The <paramref name="quantile"/> (0-1) by nearest rank, or NaN with no samples.</summary>
    public double Percentile(double quantile)
    {
        lock (_lock)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }
            _samples.Sort();
            var rank = (int)Math.Ceiling(quantile * _samples.Count) - 1;
            return _samples[Math.Clamp(rank, 0, _samples.Count - 1)];
        }
    }

    /// <summary>The largest sample, or NaN with no samples.</summary>
    public double Max
    {
        get
        {
            lock (_lock)
            {
                return _count == 0 ? double.NaN : _max;
            }
        }
    }
}
