using Microsoft.AspNetCore.SignalR;
using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>Where an outbox pump writes: a SignalR connection or an SSE response.</summary>
internal interface IOutboxSink
{
    /// <summary>Endpoint tag for metrics (<c>hub</c>, <c>sse</c>).</summary>
    string Endpoint { get; }

    /// <summary>Completes when the transport has taken the batch (backpressure comes from here).</summary>
    Task SendSpansAsync(SpanBatch batch, CancellationToken cancellationToken);

    Task SendDroppedAsync(DroppedNotice notice, CancellationToken cancellationToken);

    /// <summary>Called after the heartbeat interval without traffic; null interval means never.</summary>
    TimeSpan? HeartbeatInterval { get; }

    Task SendHeartbeatAsync(CancellationToken cancellationToken);
}

/// <summary>Delivers to one SignalR connection, one message at a time, through the hub context.</summary>
internal sealed class HubOutboxSink(IHubContext<TelemetryHub, ITelemetryClient> hub, string connectionId) : IOutboxSink
{
    public string Endpoint => "hub";

    public TimeSpan? HeartbeatInterval => null;

    // The typed client proxy takes no token; a closed connection completes the pending write.
    public Task SendSpansAsync(SpanBatch batch, CancellationToken cancellationToken) => hub.Clients.Client(connectionId).Spans(batch);

    public Task SendDroppedAsync(DroppedNotice notice, CancellationToken cancellationToken) => hub.Clients.Client(connectionId).Dropped(notice);

    public Task SendHeartbeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
