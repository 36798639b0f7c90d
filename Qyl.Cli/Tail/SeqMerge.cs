using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Qyl.Cli.Tail;

/// <summary>
/// Interleaves two streams that each ascend by seq (a span and a log subscription, whose seqs come
/// from one sequence) into one stream in seq order. A record is released once the other stream has
/// shown a higher seq (nothing lower can come from it any more), or after <c>settle</c> without that:
/// a quiet stream must not hold the other back, so order is exact while both flow and at worst
/// <c>settle</c> late when one is silent.
/// </summary>
internal static class SeqMerge
{
    public static async IAsyncEnumerable<T> MergeAsync<T>(
        IAsyncEnumerable<T> first,
        IAsyncEnumerable<T> second,
        Func<T, long> seqOf,
        TimeSpan settle,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var arrivals = Channel.CreateBounded<(int Source, T Item)>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumps = Task.WhenAll(PumpAsync(first, 0), PumpAsync(second, 1))
            .ContinueWith(t => arrivals.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        var pending = new PriorityQueue<(T Item, long ArrivedAt), long>();
        var highest = new[] { long.MinValue, long.MinValue };
        var completed = false;
        try
        {
            while (true)
            {
                while (pending.TryPeek(out var head, out var seq) && (completed || Released(seq, head.ArrivedAt)))
                {
                    pending.Dequeue();
                    yield return head.Item;
                }
                if (completed)
                {
                    yield break;
                }
                var wait = pending.TryPeek(out var oldest, out _)
                    ? settle - TimeSpan.FromMilliseconds(Environment.TickCount64 - oldest.ArrivedAt)
                    : Timeout.InfiniteTimeSpan;
                if (!await WaitAsync(arrivals.Reader, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, cancellationToken))
                {
                    completed = arrivals.Reader.Completion.IsCompleted;
                    continue;
                }
                while (arrivals.Reader.TryRead(out var arrival))
                {
                    var seq = seqOf(arrival.Item);
                    highest[arrival.Source] = Math.Max(highest[arrival.Source], seq);
                    pending.Enqueue((arrival.Item, Environment.TickCount64), seq);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await pumps;
        }

        bool Released(long seq, long arrivedAt) =>
            Math.Min(highest[0], highest[1]) >= seq || Environment.TickCount64 - arrivedAt >= settle.TotalMilliseconds;

        async Task PumpAsync(IAsyncEnumerable<T> source, int index)
        {
            try
            {
                await foreach (var item in source.WithCancellation(stop.Token))
                {
                    await arrivals.Writer.WriteAsync((index, item), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    // True when something arrived; false on timeout or once the channel completes.
    private static async Task<bool> WaitAsync<T>(ChannelReader<T> reader, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            cts.CancelAfter(timeout);
        }
        try
        {
            return await reader.WaitToReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
