using System.Diagnostics;
using Qyl.Contracts;

namespace Qyl.Hub.ScaleOut;

/// <summary>The sequencer's store reads: the start of the chain, holes, and catch-up.</summary>
internal sealed partial class BlockSequencer
{
    /// <summary>
    /// W starts at the last seq issued anywhere: spans before it are history (resume reads them).
    /// Blocks that arrived meanwhile are kept; if the store was unreachable at first, a local block
    /// may already be below that seq, so W starts below the earliest waiting block instead.
    /// </summary>
    private async Task StartChainAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var last = await _chain.GetLastIssuedSeqAsync(stoppingToken).ConfigureAwait(false);
                while (_incoming.Reader.TryRead(out var block))
                {
                    Accept(block);
                }
                var start = _waiting.Count > 0 ? Math.Min(last, _waiting.Keys[0] - 1) : last;
                Volatile.Write(ref _handedOut, start);
                _lastActivity = Stopwatch.GetTimestamp();
                ScaleOutLog.Started(_logger, start + 1);
                HandOutConnected();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                ScaleOutLog.StartFailed(_logger, ex);
                await Task.Delay(_catchUpInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Hands out the stored spans and log records after W up to <paramref name="upToSeq"/> (a hole
    /// before a waiting block, which is then settled: W moves to its end even if the store holds
    /// nothing there), or all of them (catch-up, <see cref="long.MaxValue"/>: W moves to the last one
    /// read). Spans and logs share the seq chain, so both are read and handed out merged by seq.
    /// </summary>
    private async Task ReadStoreAsync(long upToSeq, string reason, CancellationToken stoppingToken)
    {
        var afterSeq = _handedOut;
        var total = 0;
        try
        {
            while (true)
            {
                // A hole holds at most upToSeq - afterSeq seqs: reading more would only fetch the
                // waiting blocks' records to throw them away.
                var limit = (int)Math.Min(_options.StoreReadPageSpans, upToSeq - afterSeq);
                if (limit <= 0)
                {
                    break;
                }
                var spans = await _store.ReadAfterAsync(afterSeq, SpanFilter.All, limit, stoppingToken).ConfigureAwait(false);
                var logs = await _logs.ReadLogsAfterAsync(afterSeq, SpanFilter.All, null, limit, stoppingToken).ConfigureAwait(false);
                // A full page may stop short of what the store holds: below the smallest last seq of
                // a full page, both reads are complete (the store shows a prefix of the chain).
                var complete = upToSeq;
                if (spans.Count == limit)
                {
                    complete = Math.Min(complete, spans[^1].Seq);
                }
                if (logs.Count == limit)
                {
                    complete = Math.Min(complete, logs[^1].Seq);
                }
                var takeSpans = Upto(spans, complete, static s => s.Seq);
                var takeLogs = Upto(logs, complete, static l => l.Seq);
                if (takeSpans.Count == 0 && takeLogs.Count == 0)
                {
                    break;
                }
                var last = Math.Max(takeSpans.Count > 0 ? takeSpans[^1].Seq : long.MinValue, takeLogs.Count > 0 ? takeLogs[^1].Seq : long.MinValue);
                HandOut(takeSpans, takeLogs, last);
                afterSeq = last;
                total += takeSpans.Count + takeLogs.Count;
                if (spans.Count < limit && logs.Count < limit)
                {
                    break;
                }
            }
            if (upToSeq != long.MaxValue && upToSeq > _handedOut)
            {
                HandOut([], [], upToSeq);
            }
            _lastActivity = Stopwatch.GetTimestamp();
            _metrics.StoreRead(reason, total);
            ScaleOutLog.StoreFilled(_logger, total, afterSeq, reason);
            HandOutConnected();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever was handed out stays handed out (W moved with it); the rest is read on retry.
            ScaleOutLog.StoreFillFailed(_logger, reason, ex);
            _retryAfter = Stopwatch.GetTimestamp() + (long)(_catchUpInterval.TotalSeconds * Stopwatch.Frequency);
        }
    }

    // The leading records with seq at most upToSeq (records ascend by seq).
    private static IReadOnlyList<T> Upto<T>(IReadOnlyList<T> records, long upToSeq, Func<T, long> seqOf)
    {
        var take = 0;
        while (take < records.Count && seqOf(records[take]) <= upToSeq)
        {
            take++;
        }
        return take == records.Count ? records : [.. records.Take(take)];
    }
}
