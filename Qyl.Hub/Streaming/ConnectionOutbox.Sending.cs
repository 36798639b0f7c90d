using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>How an entry is sent, the same for both roles: watermark, replay, Dropped, failures.</summary>
internal abstract partial class ConnectionOutbox
{
    /// <summary>Sends one entry taken from the queue (skipped when its subscription has gone).</summary>
    protected Task SendEntryAsync(OutboxEntry entry, DroppedNotice? notice, CancellationToken ct)
    {
        if (entry.Subscription.Removed)
        {
            return Task.CompletedTask;
        }
        return entry.Kind switch
        {
            OutboxEntryKind.Live => SendLiveAsync(entry.Subscription, entry.Batch, ct).AsTask(),
            OutboxEntryKind.Replay => entry.Subscription.Kind == SubscriptionKind.Logs ? ReplayLogsAsync(entry.Subscription, ct) : ReplayAsync(entry.Subscription, ct),
            _ => SendDroppedAsync(entry.Subscription, notice!, ct),
        };
    }

    /// <summary>
    /// Sends the part of a live batch above the subscription's watermark. A ValueTask: the usual
    /// write completes synchronously and must not allocate; it runs once per member per batch.
    /// </summary>
    protected async ValueTask SendLiveAsync(Subscription subscription, LiveBatch batch, CancellationToken ct)
    {
        var watermark = subscription.Watermark;
        if (batch.LastSeq <= watermark)
        {
            return;
        }
        // Overlaps a replay that already sent the head of this batch: send only the rest.
        batch = batch.After(watermark);
        if (batch.Spans is { } spans)
        {
            await Sink.SendSpansAsync(spans, ct).ConfigureAwait(false);
        }
        else if (batch.Summaries is { } summaries)
        {
            await Sink.SendSummariesAsync(summaries, ct).ConfigureAwait(false);
        }
        else
        {
            await Sink.SendLogsAsync(batch.Logs!, ct).ConfigureAwait(false);
        }
        subscription.Watermark = batch.LastSeq;
        Metrics.Delivered(batch.Count, batch.AcceptTimestamp);
    }

    /// <summary>A delivery failure that is not a disconnect: close the connection so the client resumes.</summary>
    protected void FailDelivery(Exception ex)
    {
        StreamingLog.DeliveryFailed(Logger, ConnectionId, ex);
        Metrics.Error(HubErrorTypes.Delivery);
        Sink.Abort();
    }

    protected static bool IsDisconnect(Exception ex) =>
        ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException;

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
        await Sink.SendDroppedAsync(notice, ct).ConfigureAwait(false);
        subscription.Watermark = Math.Max(subscription.Watermark, notice.ToSeq);
    }

    /// <summary>
    /// Subscribe, then snapshot, then drain: the entry was queued before the join, and the store is
    /// read only once the subscription sits in its group (a drain can reach this entry first), so live
    /// batches queue behind this entry while stored spans after the cursor are sent page by page.
    /// Live batches then pass the watermark check, which drops what the replay already sent.
    /// </summary>
    private async Task ReplayAsync(Subscription subscription, CancellationToken ct)
    {
        await subscription.Joined.WaitAsync(ct).ConfigureAwait(false);
        var after = subscription.ResumeAfterSeq!.Value;
        var retainedAfter = await _sources.Spans.GetRetainedAfterSeqAsync(ct).ConfigureAwait(false);
        if (after < retainedAfter)
        {
            StreamingLog.ResumeBeforeRetained(Logger, subscription.Key, ConnectionId, after, retainedAfter);
            // Count 0: the store no longer knows how many of those spans matched.
            await Sink.SendDroppedAsync(
                new DroppedNotice { Key = subscription.Key, FromSeq = after + 1, ToSeq = retainedAfter, Count = 0 }, ct).ConfigureAwait(false);
            after = retainedAfter;
            subscription.Watermark = after;
        }
        while (!subscription.Removed)
        {
            var page = await _sources.Spans.ReadAfterAsync(after, subscription.Filter, _options.ReplayPageSpans, ct).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }
            await SendStoredAsync(subscription, page, ct).ConfigureAwait(false);
            after = page[^1].Seq;
            subscription.Watermark = after;
            Metrics.Delivered(page.Count, 0);
            if (page.Count < _options.ReplayPageSpans)
            {
                break;
            }
        }
        // Published before this subscription joined its group but not yet visible in the store.
        var recent = _sources.RecentSpans.After(after, subscription.Filter.Matches);
        if (recent.Count > 0 && !subscription.Removed)
        {
            await SendStoredAsync(subscription, recent, ct).ConfigureAwait(false);
            subscription.Watermark = recent[^1].Seq;
            Metrics.Delivered(recent.Count, 0);
        }
    }

    /// <summary>Replayed spans in the subscription's view.</summary>
    private ValueTask SendStoredAsync(Subscription subscription, IReadOnlyList<SpanRecord> spans, CancellationToken ct) =>
        subscription.Filter.IsSummary
            ? Sink.SendSummariesAsync(new SpanSummaryBatch { Key = subscription.Key, Spans = SpanSummary.From(spans) }, ct)
            : Sink.SendSpansAsync(new SpanBatch { Key = subscription.Key, Spans = spans }, ct);

    /// <summary>As <see cref="ReplayAsync"/>, for a log subscription: stored log records after the cursor, then the recent ring.</summary>
    private async Task ReplayLogsAsync(Subscription subscription, CancellationToken ct)
    {
        await subscription.Joined.WaitAsync(ct).ConfigureAwait(false);
        var after = subscription.ResumeAfterSeq!.Value;
        var retainedAfter = await _sources.Logs.GetLogsRetainedAfterSeqAsync(ct).ConfigureAwait(false);
        if (after < retainedAfter)
        {
            StreamingLog.ResumeBeforeRetained(Logger, subscription.Key, ConnectionId, after, retainedAfter);
            await Sink.SendDroppedAsync(
                new DroppedNotice { Key = subscription.Key, FromSeq = after + 1, ToSeq = retainedAfter, Count = 0 }, ct).ConfigureAwait(false);
            after = retainedAfter;
            subscription.Watermark = after;
        }
        while (!subscription.Removed)
        {
            var page = await _sources.Logs.ReadLogsAfterAsync(after, subscription.Filter, null, _options.ReplayPageSpans, ct).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }
            await Sink.SendLogsAsync(new LogBatch { Key = subscription.Key, Logs = page }, ct).ConfigureAwait(false);
            after = page[^1].Seq;
            subscription.Watermark = after;
            Metrics.Delivered(page.Count, 0);
            if (page.Count < _options.ReplayPageSpans)
            {
                break;
            }
        }
        var recent = _sources.RecentLogs.After(after, subscription.Filter.Matches);
        if (recent.Count > 0 && !subscription.Removed)
        {
            await Sink.SendLogsAsync(new LogBatch { Key = subscription.Key, Logs = recent }, ct).ConfigureAwait(false);
            subscription.Watermark = recent[^1].Seq;
            Metrics.Delivered(recent.Count, 0);
        }
    }
}
