
namespace Qyl.Hub.Streaming;

/// <summary>
/// The outbox of one SignalR connection: it drains on demand. An idle connection gets a live batch
/// written by the caller (the group send) directly; only while that write (or a replay) is still in
/// flight do later entries queue, and the same drain then sends them and ends when the queue is
/// empty. An idle hub connection therefore holds no task, timer or channel, and the common case
/// costs no queue node and no thread hop.
/// </summary>
internal sealed class HubConnectionOutbox(string connectionId, IOutboxSink sink, ReplaySources sources, HubMetrics metrics, StreamingOptions options, ILogger logger)
    : ConnectionOutbox(connectionId, sink, sources, metrics, options, logger)
{
    /// <inheritdoc />
    public override void EnqueueLive(Subscription subscription, LiveBatch batch)
    {
        if (Queue.TryClaimOrAdd(subscription, batch))
        {
            // Runs synchronously up to the first write that has to wait (backpressure), which is the rare case.
            _ = DrainAsync(subscription, batch);
        }
    }

    /// <inheritdoc />
    protected override void OnQueued(bool claimedSending)
    {
        if (claimedSending)
        {
            // A replay reads the store: never on the caller's thread (a hub invocation).
            ThreadPool.UnsafeQueueUserWorkItem(static outbox => _ = outbox.DrainAsync(null, default), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Owns sending (the queue said so) until the queue is empty. Starts with <paramref name="batch"/>
    /// when given; runs synchronously as long as the transport takes every write at once, which makes
    /// the common case a plain call from the group send.
    /// </summary>
    private async Task DrainAsync(Subscription? subscription, LiveBatch batch)
    {
        var ct = Stopping;
        try
        {
            if (subscription is not null)
            {
                await SendLiveAsync(subscription, batch, ct).ConfigureAwait(false);
            }
            while (!ct.IsCancellationRequested)
            {
                var entry = Queue.TryTake(out var notice);
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
            StreamingLog.DeliveryStopped(Logger, ConnectionId, ex);
        }
        catch (Exception ex)
        {
            // Nobody awaits this drain; without this the fault would vanish and sending would stay
            // claimed, leaving an open connection that is never fed again.
            FailDelivery(ex);
        }
    }
}
