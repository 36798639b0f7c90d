using System.Threading.Channels;
using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>The senders: the SSE pump loop and the on-demand drain of hub connections; never both on one outbox.</summary>
internal sealed partial class ConnectionOutbox
{
    /// <summary>SSE: sends queued entries until the connection closes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_signal is null)
        {
            throw new InvalidOperationException("This outbox drains on demand; RunAsync is for outboxes opened with ownPump.");
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var ct = linked.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var entry = TryDequeue(out var notice);
                if (entry is null)
                {
                    await WaitForWorkAsync(_signal, ct).ConfigureAwait(false);
                    continue;
                }
                await SendEntryAsync(entry, notice, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // The transport went away mid-write: a disconnect, which is control flow here.
            StreamingLog.DeliveryStopped(_logger, ConnectionId, ex);
        }
        catch (Exception ex)
        {
            FailDelivery(ex);
        }
    }

    /// <summary>
    /// Hub: owns sending (the caller set <c>_sending</c>) until the queue is empty. Starts with
    /// <paramref name="batch"/> when given; runs synchronously as long as the transport takes every
    /// write at once, which makes the common case a plain call from the flusher.
    /// </summary>
    private async Task DrainAsync(Subscription? subscription, SpanBatch? batch, long acceptTimestamp)
    {
        var ct = _stopping.Token;
        try
        {
            if (batch is not null)
            {
                await SendLiveAsync(subscription!, batch, acceptTimestamp, ct).ConfigureAwait(false);
            }
            while (!ct.IsCancellationRequested)
            {
                var entry = TryDequeue(out var notice);
                if (entry is null)
                {
                    return;
                }
                await SendEntryAsync(entry, notice, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // Sending stays claimed: the connection is going, and its queue stays bounded until it is closed.
            StreamingLog.DeliveryStopped(_logger, ConnectionId, ex);
        }
        catch (Exception ex)
        {
            // Nobody awaits this drain; without this the fault would vanish and sending would stay
            // claimed, leaving an open connection that is never fed again.
            FailDelivery(ex);
        }
    }

    private void FailDelivery(Exception ex)
    {
        StreamingLog.DeliveryFailed(_logger, ConnectionId, ex);
        _metrics.Error(HubErrorTypes.Delivery);
        _sink.Abort();
    }

    private static bool IsDisconnect(Exception ex) =>
        ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException;

    private Task SendEntryAsync(OutboxEntry entry, DroppedNotice? notice, CancellationToken ct)
    {
        if (entry.Subscription.Removed)
        {
            return Task.CompletedTask;
        }
        return entry.Kind switch
        {
            OutboxEntryKind.Spans => SendLiveAsync(entry.Subscription, entry.Batch!, entry.AcceptTimestamp, ct),
            OutboxEntryKind.Replay => ReplayAsync(entry.Subscription, ct),
            _ => SendDroppedAsync(entry.Subscription, notice!, ct),
        };
    }

    private async Task WaitForWorkAsync(Channel<bool> signal, CancellationToken ct)
    {
        var heartbeat = _sink.HeartbeatInterval;
        if (heartbeat is null)
        {
            await signal.Reader.ReadAsync(ct).ConfigureAwait(false);
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(heartbeat.Value);
        try
        {
            await signal.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await _sink.SendHeartbeatAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task SendLiveAsync(Subscription subscription, SpanBatch batch, long acceptTimestamp, CancellationToken ct)
    {
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
        _metrics.Delivered(batch.Spans.Count, acceptTimestamp);
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
