using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;

namespace Qyl.Tests.Query;

/// <summary>A store whose database is down: every call throws <see cref="StoreUnavailableException"/>.</summary>
internal sealed class UnavailableSpanStore : ISpanStore
{
    private static StoreUnavailableException Down() => new("PostgreSQL is not reachable (test).");

    public Task<AppendResult> AppendAsync(IReadOnlyList<SpanRecord> spans, Action<SequencedBlock>? onSequenced, CancellationToken cancellationToken) => throw Down();

    public Task<IReadOnlyList<SpanRecord>> ReadAfterAsync(long afterSeq, SpanFilter filter, int limit, CancellationToken cancellationToken) => throw Down();

    public ValueTask<long> GetRetainedAfterSeqAsync(CancellationToken cancellationToken) => throw Down();

    public Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken) => throw Down();

    public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) => throw Down();

    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken) => throw Down();

    public Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken) => throw Down();

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(false);
}
