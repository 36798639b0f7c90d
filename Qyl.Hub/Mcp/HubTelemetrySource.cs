using Qyl.Mcp;
using Qyl.Contracts;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Mcp;

/// <summary>The MCP tools' data inside the hub: the span store for queries, the fan-out for waits.</summary>
internal sealed class HubTelemetrySource(ISpanStore store, LiveSpanWaiter waiter) : IQylTelemetrySource
{
    public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) =>
        Guard(() => store.GetServicesAsync(cancellationToken));

    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken) =>
        Guard(() => store.GetSessionsAsync(serviceName, limit, cancellationToken));

    public async Task<TraceBundle?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        var trace = await Guard(() => store.GetTraceAsync(traceId, cancellationToken)).ConfigureAwait(false);
        // Logs and messages join here once the hub stores logs and normalizes conversations.
        return trace is null ? null : new TraceBundle(trace.TraceId, trace.Spans, Logs: null, Messages: null);
    }

    public Task<SessionMessages?> GetSessionMessagesAsync(string sessionId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<SessionMessages?>(null);

    public Task<IReadOnlyList<SpanRecord>> SearchSpansAsync(SpanFilter filter, long afterSeq, int limit, CancellationToken cancellationToken) =>
        Guard(() => store.ReadAfterAsync(afterSeq, filter, limit, cancellationToken));

    public Task<WaitOutcome> WaitForSpansAsync(SpanFilter filter, long? afterSeq, int limit, TimeSpan timeout, CancellationToken cancellationToken) =>
        waiter.WaitAsync(filter, afterSeq, limit, timeout, cancellationToken);

    // A database outage is not the caller's mistake: the model gets a tool error saying so.
    private static async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            throw new TelemetryUnavailableException($"The hub's span store is unavailable: {ex.Message} Try again shortly.", ex);
        }
    }
}
