namespace Qyl.Ingest.Storage.InMemory;

/// <summary>A list of spans in ascending seq order, indexed from its oldest.</summary>
internal interface ISeqOrderedSpans
{
    int Count { get; }

    StoredSpan this[int index] { get; }
}

internal static class SeqOrderedSpans
{
    /// <summary>The index of the first span with seq above <paramref name="afterSeq"/> (binary search; seqs ascend).</summary>
    public static int IndexAfter<T>(T spans, long afterSeq)
        where T : ISeqOrderedSpans
    {
        int lo = 0, hi = spans.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (spans[mid].Seq <= afterSeq)
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
