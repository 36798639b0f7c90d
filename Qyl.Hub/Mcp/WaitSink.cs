using Qyl.Mcp;
using Qyl.Contracts;

namespace Qyl.Hub.Mcp;

/// <summary>
/// The outbox sink of one <c>wait_for_spans</c> call: keeps the first spans delivered to it (replayed from
/// the store or live) and wakes the waiter. It never waits: it copies references and completes a task whose
/// continuation runs elsewhere, so the stream's pump is free again at once.
/// </summary>
internal sealed class WaitSink(int limit) : IOutboxSink
{
    private readonly Lock _lock = new();
    private readonly List<SpanRecord> _spans = [];
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DroppedNotice? _dropped;
    private bool _taken;

    public string Endpoint => "mcp";

    public TimeSpan? HeartbeatInterval => null;

    /// <summary>Completes when the first span is here, or faults when delivery failed (the store was unreachable during the replay).</summary>
    public Task Arrived => _arrived.Task;

    public ValueTask SendSpansAsync(SpanBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_taken)
            {
                // Batches arrive in seq order with no overlap (the outbox's watermark), so appending keeps order.
                _spans.AddRange(batch.Spans.Take(limit - _spans.Count));
            }
        }
        _arrived.TrySetResult();
        return ValueTask.CompletedTask;
    }

    // The wait's subscription is a span subscription, so no log batch is ever routed here.
    public ValueTask SendLogsAsync(LogBatch batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task SendDroppedAsync(DroppedNotice notice, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Only a resume from before what the store retains sends this here: a waiter takes its first batch
            // long before a backlog could overflow. It is reported with the spans, not instead of them.
            _dropped ??= notice;
        }
        return Task.CompletedTask;
    }

    public Task SendHeartbeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Abort() => _arrived.TrySetException(new InvalidOperationException("Reading stored spans for the wait failed."));

    /// <summary>What arrived so far; later deliveries are ignored.</summary>
    public (List<SpanRecord> Spans, DroppedNotice? Dropped) Take()
    {
        lock (_lock)
        {
            _taken = true;
            return (_spans, _dropped);
        }
    }
}
