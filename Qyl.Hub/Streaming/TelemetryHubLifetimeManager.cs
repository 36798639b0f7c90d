using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Qyl.Hub.Streaming;

/// <summary>
/// SignalR's default lifetime manager plus a map from connection id to <see cref="HubConnectionContext"/>,
/// so the outbox pumps can write a batch serialized once (<see cref="SerializedHubMessage"/> caches one
/// payload per protocol) to every member instead of serializing it again for each connection, which is
/// what <c>Clients.Client(id)</c> does.
/// </summary>
public sealed class TelemetryHubLifetimeManager(ILogger<DefaultHubLifetimeManager<TelemetryHub>> logger)
    : DefaultHubLifetimeManager<TelemetryHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    /// <summary>The live connection with this id, or null once it has gone.</summary>
    public HubConnectionContext? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    // SignalR calls this before the hub's own OnConnectedAsync, so the pump always finds its connection.
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
}
