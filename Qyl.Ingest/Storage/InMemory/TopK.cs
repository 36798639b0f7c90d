namespace Qyl.Ingest.Storage.InMemory;

/// <summary>The first k items in an order, without sorting them all: O(n log k) over 20,000 traces.</summary>
internal static class TopK
{
    /// <summary>The <paramref name="k"/> items that come first under <paramref name="order"/>, in that order.</summary>
    public static List<T> Select<T>(IEnumerable<T> items, int k, Comparison<T> order)
    {
        // A heap whose root is the item that comes last among those kept, so it is the one replaced.
        var heap = new PriorityQueue<T, T>(k + 1, Comparer<T>.Create((a, b) => order(b, a)));
        foreach (var item in items)
        {
            if (heap.Count < k)
            {
                heap.Enqueue(item, item);
            }
            else if (order(item, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(item, item);
            }
        }
        var result = new List<T>(heap.Count);
        while (heap.Count > 0)
        {
            result.Add(heap.Dequeue());
        }
        result.Reverse();
        return result;
    }
}
