using Microsoft.AspNetCore.SignalR;
using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The telemetry hub at <see cref="TelemetryHubPaths.Hub"/>. Spans are not sent from here: each
/// connection gets a bounded outbox, and a subscription is a member of the SignalR group named by its
/// key, to which the fan-out sends (see <see cref="SpanFanout"/>, <see cref="TelemetryHubLifetimeManager"/>),
/// so a slow client only slows itself. Spans may arrive before the Subscribe result; clients know
/// the key in advance (<see cref="SpanFilter.CanonicalKey"/>).
/// </summary>
internal sealed class TelemetryHub(
    SpanFanout fanout,
    TelemetryHubLifetimeManager connections,
    ILogger<TelemetryHub> logger) : Hub<ITelemetryClient>, ITelemetryHub
{
    private const string Endpoint = HubMetrics.HubEndpoint;

    /// <inheritdoc />
    public override Task OnConnectedAsync()
    {
        var connectionId = Context.ConnectionId;
        // No task per connection: the outbox sends when there is something to send (see HubConnectionOutbox).
        fanout.OpenHubConnection(connectionId, new HubOutboxSink(connections, connectionId));
        return base.OnConnectedAsync();
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        fanout.CloseConnection(Context.ConnectionId, Endpoint);
        return base.OnDisconnectedAsync(exception);
    }

    /// <inheritdoc />
    public Task<string> Subscribe(SpanFilter filter, long? resumeAfterSeq) =>
        SubscribeAsync(filter, resumeAfterSeq, SubscriptionKind.Spans);

    /// <inheritdoc />
    public Task<string> SubscribeLogs(SpanFilter filter, long? resumeAfterSeq) =>
        SubscribeAsync(filter, resumeAfterSeq, SubscriptionKind.Logs);

    private async Task<string> SubscribeAsync(SpanFilter? filter, long? resumeAfterSeq, SubscriptionKind kind)
    {
        filter ??= SpanFilter.All;
        if (resumeAfterSeq < 0)
        {
            throw new HubException($"resumeAfterSeq must be a seq you received (>= 0) or null for live only; it is {resumeAfterSeq}.");
        }
        var outbox = fanout.FindConnection(Context.ConnectionId)
            ?? throw new HubException("The connection is closing; reconnect and subscribe again.");
        var subscription = outbox.TryAdd(filter, resumeAfterSeq, kind, out var key);
        if (subscription is null)
        {
            return key;
        }
        // Order matters: the replay entry is queued (TryAdd) before live batches can arrive. Joining
        // the group is what starts them: the group is the routing.
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, key, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch
        {
            // Never joined: removing it also releases a replay that waits for the join.
            outbox.Remove(key);
            throw;
        }
        StreamingLog.Subscribed(logger, Context.ConnectionId, key, resumeAfterSeq);
        return key;
    }

    /// <inheritdoc />
    public async Task Unsubscribe(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var outbox = fanout.FindConnection(Context.ConnectionId);
        if (outbox?.Find(key) is null)
        {
            return;
        }
        // Leave first, then remove: leaving finds the subscription by key; batches already queued for
        // it are skipped once it is removed.
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, key, Context.ConnectionAborted).ConfigureAwait(false);
        outbox.Remove(key);
        StreamingLog.Unsubscribed(logger, Context.ConnectionId, key);
    }
}
