using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>The pump: the one sender of a connection, so everything it sends is in queue order.</summary>
internal sealed partial class ConnectionOutbox
{
    /// <summary>Sends queued entries until the connection closes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var ct = linked.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var entry = TryDequeue(out var notice);
                if (entry is null)
                {
                    await WaitForWorkAsync(ct).ConfigureAwait(false);
                    continue;
                }
                if (entry.Subscription.Removed)
                {
                    continue;
                }
                switch (entry.Kind)
                {
                    case OutboxEntryKind.Spans:
                        await SendLiveAsync(entry, ct).ConfigureAwait(false);
                        break;
                    case OutboxEntryKind.Replay:
                        await ReplayAsync(entry.Subscription, ct).ConfigureAwait(false);
                        break;
                    case OutboxEntryKind.Dropped:
                        await SendDroppedAsync(entry.Subscription, notice!, ct).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The transport went away mid-write: a disconnect, which is control flow here.
            StreamingLog.DeliveryStopped(_logger, ConnectionId, ex);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken ct)
    {
        var heartbeat = _sink.HeartbeatInterval;
        if (heartbeat is null)
        {
            await _signal.Reader.ReadAsync(ct).ConfigureAwait(false);
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(heartbeat.Value);
        try
        {
            await _signal.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await _sink.SendHeartbeatAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task SendLiveAsync(OutboxEntry entry, CancellationToken ct)
    {
        var subscription = entry.Subscription;
        var batch = entry.Batch!;
        var watermark = subscription.Watermark;
        if (batch.Spans[^1].Seq <= watermark)
        {
            return;
        }
        if (batch.Spans[0].Seq <= watermark)
        {
            // Overlaps a replay that already sent the head of this batch: send only the rest.
            batch = batch with { Spans = batch.Spans.Where(s => s.Seq > watermark).ToList() };
        }
        await _sink.SendSpansAsync(batch, ct).ConfigureAwait(false);
        subscription.Watermark = batch.Spans[^1].Seq;
        _metrics.Delivered(batch.Spans.Count, entry.AcceptTimestamp);
    }

    private async Task SendDroppedAsync(Subscription subscription, DroppedNotice notice, CancellationToken ct)
    {
        // A replay may have delivered part of the dropped range already; report only what is missing.
        if (notice.FromSeq <= subscription.Watermark)
        {
            notice = notice with { FromSeq = subscription.Watermark + 1 };
        }
        if (notice.FromSeq > notice.ToSeq)
        {
            return;
        }
        await _sink.SendDroppedAsync(notice, ct).ConfigureAwait(false);
        subscription.Watermark = Math.Max(subscription.Watermark, notice.ToSeq);
    }

    /// <summary>
    /// Subscribe, then snapshot, then drain: the subscription already sits in its group, so live
    /// batches queue behind this entry while stored spans after the cursor are sent page by page.
    /// Live batches then pass the watermark check, which drops what the replay already sent.
    /// </summary>
    private async Task ReplayAsync(Subscription subscription, CancellationToken ct)
    {
        var after = subscription.ResumeAfterSeq!.Value;
        var retainedAfter = await _store.GetRetainedAfterSeqAsync(ct).ConfigureAwait(false);
        if (after < retainedAfter)
        {
            StreamingLog.ResumeBeforeRetained(_logger, subscription.Key, ConnectionId, after, retainedAfter);
            // Count 0: the store no longer knows how many of those spans matched.
            await _sink.SendDroppedAsync(
                new DroppedNotice { Key = subscription.Key, FromSeq = after + 1, ToSeq = retainedAfter, Count = 0 }, ct).ConfigureAwait(false);
            after = retainedAfter;
            subscription.Watermark = after;
        }
        while (!subscription.Removed)
        {
            var page = await _store.ReadAfterAsync(after, subscription.Filter, _options.ReplayPageSpans, ct).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }
            await _sink.SendSpansAsync(new SpanBatch { Key = subscription.Key, Spans = page }, ct).ConfigureAwait(false);
            after = page[^1].Seq;
            subscription.Watermark = after;
            _metrics.Delivered(page.Count, 0);
            if (page.Count < _options.ReplayPageSpans)
            {
                break;
            }
        }
        // Published before this subscription joined its group but not yet visible in the store.
        var recent = _recent.After(after, subscription.Filter);
        if (recent.Count > 0 && !subscription.Removed)
        {
            await _sink.SendSpansAsync(new SpanBatch { Key = subscription.Key, Spans = recent }, ct).ConfigureAwait(false);
            subscription.Watermark = recent[^1].Seq;
            _metrics.Delivered(recent.Count, 0);
        }
    }
}
