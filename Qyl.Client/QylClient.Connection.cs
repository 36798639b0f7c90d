using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Qyl.Client;

public sealed partial class QylClient
{
    private TaskCompletionSource<Exception?> _closed = NewClosedSignal();

    // Our own loop rather than WithAutomaticReconnect: that policy does not cover a failed first
    // start, and after it gives up the connection is closed for good. Here one loop covers both,
    // never gives up, and re-subscribes with the cursor before declaring the client connected.
    private async Task RunAsync(CancellationToken ct)
    {
        var attempt = 0;
        while (!ct.IsCancellationRequested)
        {
            var closed = NewClosedSignal();
            _closed = closed;
            try
            {
                await _connection.StartAsync(ct);
                await ResubscribeAllAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (IsUnauthorized(ex))
            {
                FailForGood(new QylUnauthorizedException($"qyl at {HubUrl} refused the API key (401): set the key the hub was started with (Qyl:ApiKey).", ex));
                break;
            }
            catch (Exception ex)
            {
                await StopQuietlyAsync();
                var delay = _options.DelayFor(attempt);
                attempt++;
                SetState(QylConnectionState.Reconnecting, attempt, delay, ex);
                if (!await DelayAsync(delay, ct))
                {
                    break;
                }
                continue;
            }

            attempt = 0;
            SetState(QylConnectionState.Connected, 0, TimeSpan.Zero, null);
            _firstConnected.TrySetResult();

            Exception? error;
            try
            {
                error = await closed.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            var firstDelay = _options.DelayFor(0);
            attempt = 1;
            SetState(QylConnectionState.Reconnecting, attempt, firstDelay, error);
            if (!await DelayAsync(firstDelay, ct))
            {
                break;
            }
        }
    }

    private Task OnClosedAsync(Exception? error)
    {
        // Group membership does not survive a connection; nothing is subscribed until the loop
        // has re-subscribed on the next one.
        _ready = false;
        _closed.TrySetResult(error);
        return Task.CompletedTask;
    }

    private void FailForGood(Exception error)
    {
        _firstConnected.TrySetException(error);
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Items.Writer.TryComplete(error);
        }
        SetState(QylConnectionState.Closed, 0, TimeSpan.Zero, error);
    }

    private async Task StopQuietlyAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _connection.StopAsync(cts.Token);
        }
        catch (Exception)
        {
            // The connection is being replaced; a failure to stop it changes nothing.
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool IsUnauthorized(Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } => true,
        QylUnauthorizedException => true,
        _ => ex.InnerException is { } inner && IsUnauthorized(inner),
    };

    private static TaskCompletionSource<Exception?> NewClosedSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
