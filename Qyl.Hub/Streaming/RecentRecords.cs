using Qyl.Contracts;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The last records published, in seq order. A store may hand records to the live path before a
/// reader can see them (PostgreSQL: before the COPY commits). A record published just before a
/// resuming subscription joined its group would then be in neither the replay nor the live stream;
/// the replay closes that window by reading this ring after the store.
/// </summary>
internal sealed class RecentRecords<T>(int capacity, Func<T, long> seqOf)
    where T : class
{
    private readonly Lock _lock = new();
    private readonly T[] _ring = new T[capacity];
    private int _next;
    private int _count;

    public void Add(IReadOnlyList<T> records)
    {
        if (records.Count == 0)
        {
            return;
        }
        lock (_lock)
        {
            foreach (var record in records)
            {
                _ring[_next] = record;
                _next = (_next + 1) % _ring.Length;
                _count = Math.Min(_count + 1, _ring.Length);
            }
        }
    }

    /// <summary>Held records with seq above <paramref name="afterSeq"/> passing <paramref name="matches"/>, ascending.</summary>
    public List<T> After(long afterSeq, Func<T, bool> matches)
    {
        var result = new List<T>();
        lock (_lock)
        {
            var start = (_next - _count + _ring.Length) % _ring.Length;
            for (var i = 0; i < _count; i++)
            {
                var record = _ring[(start + i) % _ring.Length];
                if (seqOf(record) > afterSeq && matches(record))
                {
                    result.Add(record);
                }
            }
        }
        return result;
    }
}

/// <summary>Where a resuming subscription reads what it missed: the stores, then the recent rings.</summary>
internal sealed class ReplaySources(ISpanStore spans, ILogStore logs, int recentCapacity)
{
    public ISpanStore Spans { get; } = spans;

    public ILogStore Logs { get; } = logs;

    public RecentRecords<SpanRecord> RecentSpans { get; } = new(recentCapacity, static s => s.Seq);

    public RecentRecords<LogRecord> RecentLogs { get; } = new(recentCapacity, static l => l.Seq);
}
