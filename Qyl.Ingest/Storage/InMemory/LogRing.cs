using Qyl.Contracts;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>A fixed-capacity ring of log records in ascending seq order; not thread-safe.</summary>
internal sealed class LogRing(int capacity)
{
    private readonly LogRecord[] _items = new LogRecord[capacity];
    private int _head;

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    public bool IsFull => Count == _items.Length;

    public LogRecord this[int index] => _items[(_head + index) % _items.Length];

    public void Add(LogRecord log)
    {
        _items[(_head + Count) % _items.Length] = log;
        Count++;
    }

    public LogRecord RemoveOldest()
    {
        var log = _items[_head];
        _items[_head] = null!;
        _head = (_head + 1) % _items.Length;
        Count--;
        return log;
    }

    /// <summary>The index of the first record with seq above <paramref name="afterSeq"/> (binary search; seqs ascend).</summary>
    public int IndexAfter(long afterSeq)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (this[mid].Seq <= afterSeq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}

/// <summary>
/// The retained log records of one trace in seq order. Eviction always takes the trace's oldest
/// record (the ring evicts in seq order), so removal moves a head index instead of shifting the list.
/// </summary>
internal sealed class TraceLogs
{
    private readonly List<LogRecord> _logs = new(4);
    private int _head;

    public int Count => _logs.Count - _head;

    public LogRecord this[int index] => _logs[_head + index];

    public void Add(LogRecord log) => _logs.Add(log);

    public void RemoveOldest()
    {
        _logs[_head++] = null!;
        // Compact once the dead prefix is half the list: amortized O(1) per removal.
        if (_head > 16 && _head * 2 > _logs.Count)
        {
            _logs.RemoveRange(0, _head);
            _head = 0;
        }
    }

    public int IndexAfter(long afterSeq)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (this[mid].Seq <= afterSeq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
