using Qyl.Mcp;
using Qyl.Contracts;
using Qyl.Contracts.Conversations;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Mcp;

/// <summary>
/// The MCP tools' data inside the hub: the span and log stores for queries, the conversation normalizer for
/// messages (read as the query API reads them), the fan-out for waits.
/// </summary>
internal sealed class HubTelemetrySource(ISpanStore store, ILogStore logStore, LiveSpanWaiter waiter) : IQylTelemetrySource
{
    public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) =>
        Guard(() => store.GetServicesAsync(cancellationToken));

    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken) =>
        Guard(() => store.GetSessionsAsync(serviceName, limit, cancellationToken));

    public async Task<TraceBundle?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        var trace = await Guard(() => store.GetTraceAsync(traceId, cancellationToken)).ConfigureAwait(false);
        var logs = await Guard(() => logStore.GetTraceLogsAsync(traceId, cancellationToken)).ConfigureAwait(false);
        if (trace is null && logs.Count == 0)
        {
            return null;
        }
        var spans = trace?.Spans ?? [];
        return new TraceBundle(traceId, spans, logs, ConversationNormalizer.FromTrace(spans, logs));
    }

    public Task<SessionMessages?> GetSessionMessagesAsync(string sessionId, int limit, CancellationToken cancellationToken) =>
        Guard(() => ConversationEndpoints.ReadSessionMessagesAsync(sessionId, limit, store, logStore, cancellationToken));

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
