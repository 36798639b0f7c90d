using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// SignalR's default lifetime manager with qyl's groups. A group is the set of subscriptions with one
/// key (<see cref="SubscriptionGroups"/>), and a send to it, from the fan-out's flusher or from anyone
/// holding <c>IHubContext&lt;TelemetryHub, ITelemetryClient&gt;</c> (<c>Clients.Group(key).Spans(batch)</c>,
/// <c>.Logs(batch)</c> for a log group),
/// goes into each member's bounded outbox, never straight to the socket: the default manager awaits
/// every member's pipe, so one stalled WebSocket would stall the whole group and queue without bound.
/// Also keeps a map from connection id to <see cref="HubConnectionContext"/>, so an outbox can write a
/// batch serialized once per protocol (<see cref="SerializedHubMessage"/>) instead of once per connection.
/// </summary>
internal sealed class TelemetryHubLifetimeManager(SubscriptionGroups groups, ILogger<DefaultHubLifetimeManager<TelemetryHub>> logger)
    : DefaultHubLifetimeManager<TelemetryHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    /// <summary>The live connection with this id, or null once it has gone.</summary>
    public HubConnectionContext? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>
    /// Hands <paramref name="batch"/> to the outboxes of group <paramref name="key"/>'s members; its
    /// accept timestamp (when ingest sequenced its oldest record) feeds the delivery latency metric.
    /// Never waits on a client.
    /// </summary>
    public void Send(string key, LiveBatch batch, IReadOnlyList<string>? excludedConnectionIds = null) =>
        groups.Find(key)?.Deliver(batch, excludedConnectionIds);

    // SignalR calls this before the hub's own OnConnectedAsync, so the outbox always finds its connection.
    /// <inheritdoc />
    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>Joins the connection's subscription with key <paramref name="groupName"/> (made by Subscribe) to its group.</summary>
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        var subscription = groups.FindConnection(connectionId)?.Find(groupName)
            ?? throw new InvalidOperationException(
                $"Connection {connectionId} has no subscription {groupName}: a telemetry group's members are subscriptions, made by Subscribe.");
        groups.Join(subscription);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (groups.FindConnection(connectionId)?.Find(groupName) is { } subscription)
        {
            groups.Leave(subscription);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        Send(groupName, AsLiveBatch(methodName, args));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        var batch = AsLiveBatch(methodName, args);
        foreach (var groupName in groupNames)
        {
            Send(groupName, batch);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        Send(groupName, AsLiveBatch(methodName, args), excludedConnectionIds);
        return Task.CompletedTask;
    }

    // Outboxes hold batches (they count, drop and deduplicate by seq), not arbitrary invocations.
    private static LiveBatch AsLiveBatch(string methodName, object?[] args) => (methodName, args) switch
    {
        (TelemetryHubPaths.SpansMethod, [SpanBatch batch]) when batch.Spans.Count > 0 => LiveBatch.Of(batch, Stopwatch.GetTimestamp()),
        (TelemetryHubPaths.LogsMethod, [LogBatch batch]) when batch.Logs.Count > 0 => LiveBatch.Of(batch, Stopwatch.GetTimestamp()),
        _ => throw new NotSupportedException(
            $"A telemetry group carries {TelemetryHubPaths.SpansMethod}(SpanBatch) or {TelemetryHubPaths.LogsMethod}(LogBatch), with at least one record, through its members' outboxes; {methodName} with {args.Length} argument(s) cannot be sent to a group."),
    };
}
