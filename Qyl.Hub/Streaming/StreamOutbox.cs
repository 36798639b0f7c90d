using System.Threading.Channels;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The outbox of a stream its owner pumps: an SSE response (or any in-process reader, see
/// <see cref="LiveStream"/>). Entries always queue and <see cref="RunAsync"/>, running in the
/// owner's request, sends them and writes heartbeats while the stream is idle.
/// </summary>
internal sealed class StreamOutbox(string connectionId, IOutboxSink sink, ReplaySources sources, HubMetrics metrics, StreamingOptions options, ILogger logger)
    : ConnectionOutbox(connectionId, sink, sources, metrics, options, logger)
{
    // Capacity 1 with DropWrite: a wake-up signal that coalesces, never a queue.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <inheritdoc />
    public override void EnqueueLive(Subscription subscription, LiveBatch batch) =>
        OnQueued(Queue.Add(OutboxEntry.Live(subscription, batch)));

    /// <inheritdoc />
    protected override void OnQueued(bool claimedSending) => _signal.Writer.TryWrite(true);

    /// <summary>Sends queued entries until the connection closes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
        var ct = linked.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var entry = Queue.TryTake(out var notice);
                if (entry is null)
                {
                    await WaitForWorkAsync(ct).ConfigureAwait(false);
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
            StreamingLog.DeliveryStopped(Logger, ConnectionId, ex);
        }
        catch (Exception ex)
        {
            FailDelivery(ex);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken ct)
    {
        var heartbeat = Sink.HeartbeatInterval;
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
            await Sink.SendHeartbeatAsync(ct).ConfigureAwait(false);
        }
    }
}
