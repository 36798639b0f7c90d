using Qyl.Mcp;
using System.Diagnostics;
using Qyl.Contracts;

namespace Qyl.Hub.Mcp;

/// <summary>
/// <c>wait_for_spans</c> on the live path: the wait is a subscription in the same fan-out as the hub's and
/// SSE clients', with the cursor as its resume point, so stored spans after the cursor come first and live
/// ones follow with no gap and no store polling. A waiter is an on-demand outbox (no task, no timer of its
/// own while idle, see <see cref="ConnectionOutbox"/>) in the group of its filter: waiters with one filter
/// share one group and one batch, so many concurrent waits cost a subscription each.
/// </summary>
internal sealed class LiveSpanWaiter(SpanFanout fanout, IHostApplicationLifetime lifetime, ILogger<LiveSpanWaiter> logger)
{
    private static long s_nextWait;

    public async Task<WaitOutcome> WaitAsync(SpanFilter filter, long? afterSeq, int limit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var connectionId = "mcp:" + Interlocked.Increment(ref s_nextWait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sink = new WaitSink(limit);
        var outbox = fanout.OpenConnection(connectionId, sink, ownPump: false);
        try
        {
            // As the hub's Subscribe: the replay is queued (TryAdd) before live batches can arrive (Join).
            var subscription = outbox.TryAdd(filter, afterSeq, out var key)!;
            fanout.Join(subscription);
            McpLog.WaitStarted(logger, connectionId, key, afterSeq, timeout.TotalSeconds);
            // Host shutdown ends a wait like its timeout, so stopping never waits out open waits.
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            ends.CancelAfter(timeout);
            try
            {
                await sink.Arrived.WaitAsync(ends.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out (or the host is stopping): an empty answer with the same cursor.
            }
            catch (InvalidOperationException ex)
            {
                throw new TelemetryUnavailableException("The hub could not read stored spans for this wait; try again.", ex);
            }
        }
        finally
        {
            // Leaves the group before the result is built, so nothing more is written to this sink.
            fanout.CloseConnection(connectionId, sink.Endpoint);
        }
        var (spans, dropped) = sink.Take();
        McpLog.WaitEnded(logger, connectionId, spans.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new WaitOutcome(spans, dropped);
    }
}
