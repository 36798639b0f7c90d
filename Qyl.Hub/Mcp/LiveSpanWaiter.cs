using System.Diagnostics;
using Qyl.Contracts;
using Qyl.Mcp;

namespace Qyl.Hub.Mcp;

/// <summary>
/// <c>wait_for_spans</c> on the live path: the wait is a live stream of the fan-out (<see cref="SpanFanout.OpenStream"/>,
/// what SSE uses) with the cursor as its resume point, so stored spans after the cursor come first and live
/// ones follow with no gap and no store polling. A waiter is one subscription in the group of its filter and
/// one idle pump awaiting its wake-up signal; waiters with one filter share one group and one batch, so many
/// concurrent waits cost a subscription each and nothing per span beyond the first.
/// </summary>
internal sealed class LiveSpanWaiter(SpanFanout fanout, IHostApplicationLifetime lifetime, ILogger<LiveSpanWaiter> logger)
{
    private static long s_nextWait;

    public async Task<WaitOutcome> WaitAsync(SpanFilter filter, long? afterSeq, int limit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var streamId = "mcp:" + Interlocked.Increment(ref s_nextWait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sink = new WaitSink(limit);
        // Host shutdown ends a wait like its timeout, so stopping never waits out open waits.
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        ends.CancelAfter(timeout);
        using var stopPump = CancellationTokenSource.CreateLinkedTokenSource(ends.Token);
        using (var stream = fanout.OpenStream(streamId, sink, filter, afterSeq))
        {
            McpLog.WaitStarted(logger, streamId, stream.Key, afterSeq, timeout.TotalSeconds);
            var pump = stream.RunAsync(stopPump.Token);
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
            finally
            {
                // The pump ends quietly on cancellation; disposing the stream then leaves the group.
                await stopPump.CancelAsync().ConfigureAwait(false);
                await pump.ConfigureAwait(false);
            }
        }
        var (spans, dropped) = sink.Take();
        McpLog.WaitEnded(logger, streamId, spans.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new WaitOutcome(spans, dropped);
    }
}
