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

    /// <summary>
    /// Completes when the transport has taken the batch (backpressure comes from here). A ValueTask:
    /// the usual write completes synchronously and must not allocate, it runs once per member per batch.
    /// </summary>
    ValueTask SendSpansAsync(SpanBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="SendSpansAsync"/>, for a log subscription's batch. Only called on a sink whose
    /// stream subscribes to logs; a sink for span streams alone need not implement it.
    /// </summary>
    /// <summary>Sends summary-view spans (the hub's <c>Spans</c> method, SSE's <c>span</c> event).</summary>
    ValueTask SendSummariesAsync(SpanSummaryBatch batch, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} delivers full spans only; subscribe without view=summary.");

    ValueTask SendLogsAsync(LogBatch batch, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} delivers spans only; open it with SubscriptionKind.Spans.");

    Task SendDroppedAsync(DroppedNotice notice, CancellationToken cancellationToken);

    /// <summary>Called after the heartbeat interval without traffic; null interval means never.</summary>
    TimeSpan? HeartbeatInterval { get; }

    Task SendHeartbeatAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Closes the connection because delivery failed for a reason other than a disconnect (the store
    /// was unreachable during a resume). A closed connection is visible: clients reconnect and resume
    /// from their last seq, where a connection left open but no longer fed would lose spans silently.
    /// </summary>
    void Abort();
}

/// <summary>
/// Delivers to one SignalR connection, one message at a time. A batch shared by a group's members is
/// serialized once per protocol for all of them: the <see cref="SerializedHubMessage"/> is cached
/// beside the batch object and dies with it.
/// </summary>
internal sealed class HubOutboxSink(TelemetryHubLifetimeManager connections, string connectionId) : IOutboxSink
{
    private static readonly ConditionalWeakTable<SpanBatch, SerializedHubMessage> s_serialized = new();
    private static readonly ConditionalWeakTable<SpanSummaryBatch, SerializedHubMessage> s_serializedSummaries = new();
    private static readonly ConditionalWeakTable<LogBatch, SerializedHubMessage> s_serializedLogs = new();

    // Looked up once: the lifetime manager registers the connection before the hub opens the outbox.
    private HubConnectionContext? _connection = connections.Find(connectionId);

    public string Endpoint => HubMetrics.HubEndpoint;

    public TimeSpan? HeartbeatInterval => null;

    public ValueTask SendSpansAsync(SpanBatch batch, CancellationToken cancellationToken) =>
        WriteAsync(s_serialized.GetValue(batch, static b => Invocation(TelemetryHubPaths.SpansMethod, b)), cancellationToken);

    public ValueTask SendSummariesAsync(SpanSummaryBatch batch, CancellationToken cancellationToken) =>
        WriteAsync(s_serializedSummaries.GetValue(batch, static b => Invocation(TelemetryHubPaths.SpansMethod, b)), cancellationToken);

    public ValueTask SendLogsAsync(LogBatch batch, CancellationToken cancellationToken) =>
        WriteAsync(s_serializedLogs.GetValue(batch, static b => Invocation(TelemetryHubPaths.LogsMethod, b)), cancellationToken);

    public Task SendDroppedAsync(DroppedNotice notice, CancellationToken cancellationToken) =>
        WriteAsync(Invocation(TelemetryHubPaths.DroppedMethod, notice), cancellationToken).AsTask();

    public Task SendHeartbeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Abort() => (_connection ??= connections.Find(connectionId))?.Abort();

    private static SerializedHubMessage Invocation(string method, object argument) =>
        new(new InvocationMessage(method, [argument]));

    // A connection that has gone completes at once; its outbox is stopped by the disconnect itself.
    private ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken)
    {
        var connection = _connection ??= connections.Find(connectionId);
        return connection is null || connection.ConnectionAborted.IsCancellationRequested
            ? ValueTask.CompletedTask
            : connection.WriteAsync(message, cancellationToken);
    }
}
