using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;

namespace Qyl.Client;

public sealed partial class QylClient
{
    /// <summary>
    /// Subscribes to spans matching <paramref name="filter"/> and yields each stored matching span
    /// once, in seq order per connection, across reconnects and hub restarts. With
    /// <paramref name="resumeAfterSeq"/> it starts with the stored spans after that seq; without, live
    /// only. Ranges the hub reports as dropped are backfilled from the query API in place. One
    /// subscription per filter per client. Ends when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async IAsyncEnumerable<SpanRecord> SubscribeAsync(
        SpanFilter filter,
        long? resumeAfterSeq = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var subscription = await OpenAsync(filter, resumeAfterSeq, cancellationToken);
        try
        {
            var reader = subscription.Items.Reader;
            while (await WaitToReadAsync(reader, cancellationToken))
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Span is { } span)
                    {
                        yield return span;
                        continue;
                    }
                    var backfill = BackfillCoreAsync(subscription, item.Notice!, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    await using (backfill)
                    {
                        while (await MoveNextOrReportAsync(backfill, cancellationToken))
                        {
                            yield return backfill.Current;
                        }
                    }
                }
            }
        }
        finally
        {
            await CloseAsync(subscription);
        }
    }

    private static async Task<bool> WaitToReadAsync(ChannelReader<SubscriptionItem> reader, CancellationToken ct)
    {
        try
        {
            return await reader.WaitToReadAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The consumer stopped: end the stream quietly, disconnects are control flow.
            return false;
        }
    }

    private async Task<bool> MoveNextOrReportAsync(IAsyncEnumerator<SpanRecord> backfill, CancellationToken ct)
    {
        try
        {
            return await backfill.MoveNextAsync();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
        catch (QylUnauthorizedException)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            BackfillFailed?.Invoke(this, ex);
            return false;
        }
    }

    private async Task<Subscription> OpenAsync(SpanFilter filter, long? resumeAfterSeq, CancellationToken ct, bool logs = false)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var subscription = new Subscription(filter, resumeAfterSeq, _options.BufferCapacity, logs);
        // Registered under its key before Subscribe is sent: the hub may push spans before the
        // invocation's result arrives.
        if (!_subscriptions.TryAdd(subscription.Key, subscription))
        {
            throw new InvalidOperationException($"This client already has a subscription with key '{subscription.Key}'; use one client per consumer of the same filter.");
        }
        EnsureLoopStarted();
        await _subscribeGate.WaitAsync(ct);
        try
        {
            if (_ready)
            {
                await InvokeSubscribeAsync(subscription, ct);
            }
        }
        catch (HubException)
        {
            _subscriptions.TryRemove(subscription.Key, out _);
            throw;
        }
        catch (Exception) when (!_ready && !ct.IsCancellationRequested)
        {
            // The connection dropped while subscribing; the loop re-subscribes on the next one.
        }
        finally
        {
            _subscribeGate.Release();
        }
        return subscription;
    }

    private async Task CloseAsync(Subscription subscription)
    {
        // Remove and complete first: a receive loop waiting for room in this buffer is released,
        // so the Unsubscribe result below can be read.
        _subscriptions.TryRemove(new KeyValuePair<string, Subscription>(subscription.Key, subscription));
        subscription.Items.Writer.TryComplete();
        if (!_ready || _disposed != 0)
        {
            return;
        }
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _connection.InvokeAsync(nameof(ITelemetryHub.Unsubscribe), subscription.Key, cts.Token);
        }
        catch (Exception)
        {
            // Best effort: a lost connection unsubscribes by itself.
        }
    }

    private async Task ResubscribeAllAsync(CancellationToken ct)
    {
        await _subscribeGate.WaitAsync(ct);
        try
        {
            foreach (var subscription in _subscriptions.Values)
            {
                await InvokeSubscribeAsync(subscription, ct);
            }
            _ready = true;
        }
        finally
        {
            _subscribeGate.Release();
        }
    }

    private async Task InvokeSubscribeAsync(Subscription subscription, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        var cursor = ResumeCursorTransform(subscription.ResumeCursor);
        var method = subscription.IsLogs ? nameof(ITelemetryHub.SubscribeLogs) : nameof(ITelemetryHub.Subscribe);
        var key = await _connection.InvokeAsync<string>(method, subscription.Filter, cursor, timeout.Token);
        if (!string.Equals(key, subscription.Key, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The hub answered {method} with key '{key}' where this client expects '{subscription.Key}': client and hub disagree on the contract.");
        }
    }

    private async Task OnSpansAsync(SpanBatch batch)
    {
        if (!_subscriptions.TryGetValue(batch.Key, out var subscription))
        {
            return;
        }
        try
        {
            foreach (var span in batch.Spans)
            {
                if (subscription.TryAcceptLive(span.Seq))
                {
                    await subscription.Items.Writer.WriteAsync(new SubscriptionItem(span, null), _disposeCts.Token);
                }
            }
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // The subscription or the client ended while this batch was being handed over.
        }
    }

    private async Task OnDroppedAsync(DroppedNotice notice)
    {
        Dropped?.Invoke(this, notice);
        if (!_subscriptions.TryGetValue(notice.Key, out var subscription))
        {
            return;
        }
        try
        {
            await subscription.Items.Writer.WriteAsync(new SubscriptionItem(null, notice), _disposeCts.Token);
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // As above.
        }
    }
}
