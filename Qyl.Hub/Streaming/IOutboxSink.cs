using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
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

/// <summary>
/// Delivers to one SignalR connection, one message at a time. A batch shared by a group's members is
/// serialized once per protocol for all of them: the <see cref="SerializedHubMessage"/> is cached
/// beside the batch object and dies with it.
/// </summary>
internal sealed class HubOutboxSink(TelemetryHubLifetimeManager connections, string connectionId) : IOutboxSink
{
    private static readonly ConditionalWeakTable<SpanBatch, SerializedHubMessage> s_serialized = new();

    public string Endpoint => "hub";

    public TimeSpan? HeartbeatInterval => null;

    public Task SendSpansAsync(SpanBatch batch, CancellationToken cancellationToken) =>
        WriteAsync(s_serialized.GetValue(batch, static b => Invocation(TelemetryHubPaths.SpansMethod, b)), cancellationToken);

    public Task SendDroppedAsync(DroppedNotice notice, CancellationToken cancellationToken) =>
        WriteAsync(Invocation(TelemetryHubPaths.DroppedMethod, notice), cancellationToken);

    public Task SendHeartbeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static SerializedHubMessage Invocation(string method, object argument) =>
        new(new InvocationMessage(method, [argument]));

    // A connection that has gone completes at once; the pump is stopped by the disconnect itself.
    private Task WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken) =>
        connections.Find(connectionId)?.WriteAsync(message, cancellationToken).AsTask() ?? Task.CompletedTask;
}
