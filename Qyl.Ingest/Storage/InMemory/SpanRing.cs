namespace Qyl.Ingest.Storage.InMemory;

/// <summary>A fixed-capacity ring of spans in ascending seq order; not thread-safe.</summary>
internal sealed class SpanRing(int capacity) : ISeqOrderedSpans
{
    private readonly StoredSpan[] _items = new StoredSpan[capacity];
    private int _head;

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    public bool IsFull => Count == _items.Length;

    public StoredSpan this[int index] => _items[(_head + index) % _items.Length];

    public void Add(StoredSpan span)
    {
        _items[(_head + Count) % _items.Length] = span;
        Count++;
    }

    public StoredSpan RemoveOldest()
    {
        var span = _items[_head];
        _items[_head] = null!;
        _head = (_head + 1) % _items.Length;
        Count--;
        return span;
    }

    /// <summary>The index of the first span with seq above <paramref name="afterSeq"/> (binary search; seqs ascend).</summary>
    public int IndexAfter(long afterSeq) => SeqOrderedSpans.IndexAfter(this, afterSeq);
}
