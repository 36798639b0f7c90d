using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;

namespace Qyl.Tests.Hub;

/// <summary>
/// A store whose reads lag its writes, like PostgreSQL between handing spans to the live path and
/// committing them: spans above <see cref="HideAbove"/> are accepted but not yet readable.
/// </summary>
internal sealed class LaggingSpanStore(ISpanStore inner) : ISpanStore
{
    public long HideAbove { get; set; } = long.MaxValue;

    public Task<AppendResult> AppendAsync(IReadOnlyList<SpanRecord> spans, Action<SequencedBlock>? onSequenced, CancellationToken cancellationToken) =>
        inner.AppendAsync(spans, onSequenced, cancellationToken);

    public async Task<IReadOnlyList<SpanRecord>> ReadAfterAsync(long afterSeq, SpanFilter filter, int limit, CancellationToken cancellationToken) =>
        [.. (await inner.ReadAfterAsync(afterSeq, filter, limit, cancellationToken)).Where(s => s.Seq <= HideAbove)];

    public ValueTask<long> GetRetainedAfterSeqAsync(CancellationToken cancellationToken) => inner.GetRetainedAfterSeqAsync(cancellationToken);

    public Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken) => inner.GetTraceAsync(traceId, cancellationToken);

    public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) => inner.GetServicesAsync(cancellationToken);

    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken) =>
        inner.GetSessionsAsync(serviceName, limit, cancellationToken);

    public Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken) =>
        inner.GetTracesAsync(serviceName, sessionId, limit, cancellationToken);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => inner.IsReadyAsync(cancellationToken);
}
