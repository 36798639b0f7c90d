using Qyl.Contracts;
using Qyl.Ingest.Live;

namespace Qyl.Ingest.Storage;

/// <summary>
/// Where accepted log records live. Implemented by the span stores themselves (embedded,
/// PostgreSQL), because a record's seq comes from the same sequence as span seqs in that store:
/// one cursor orders and resumes both. Every implementation passes the same specification tests.
/// </summary>
/// <remarks>
/// Ordering contract as for <see cref="ISpanStore"/>: one writer at a time (the ingest pipeline),
/// seqs strictly increasing across spans and logs and never reused, and a reader never sees a seq
/// before a smaller seq that will still become visible.
/// </remarks>
public interface ILogStore
{
    /// <summary>
    /// Assigns each record the next seq of the store's one sequence, hands the sequenced records to
    /// <paramref name="onSequenced"/> before they are durable, then completes once they are stored.
    /// Log records have no identity in OTLP, so an exporter's retry stores its records again.
    /// </summary>
    Task<int> AppendLogsAsync(
        IReadOnlyList<LogRecord> logs,
        Action<SequencedBlock>? onSequenced,
        CancellationToken cancellationToken);

    /// <summary>
    /// Stored records with seq above <paramref name="afterSeq"/> that match <paramref name="filter"/>
    /// (<see cref="SpanFilter.Matches(LogRecord)"/>) and, when set, belong to span
    /// <paramref name="spanId"/>; ascending, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<LogRecord>> ReadLogsAfterAsync(long afterSeq, SpanFilter filter, string? spanId, int limit, CancellationToken cancellationToken);

    /// <summary>The stored records of one trace in seq order (empty when none).</summary>
    Task<IReadOnlyList<LogRecord>> GetTraceLogsAsync(string traceId, CancellationToken cancellationToken);

    /// <summary>
    /// The store holds every log record it accepted with a seq above this value; records at or
    /// below it may be gone (evicted, past retention, or before a restart of the embedded store).
    /// </summary>
    ValueTask<long> GetLogsRetainedAfterSeqAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The log store of a span store that cannot keep logs (a host's own <see cref="ISpanStore"/>):
/// writes fail as unavailable, reads find nothing. Logs and spans must share one sequence, so logs
/// are never kept beside such a store in a second one.
/// </summary>
internal sealed class UnsupportedLogStore : ILogStore
{
    public Task<int> AppendLogsAsync(IReadOnlyList<LogRecord> logs, Action<SequencedBlock>? onSequenced, CancellationToken cancellationToken) =>
        Task.FromException<int>(new StoreUnavailableException("This span store does not keep log records."));

    public Task<IReadOnlyList<LogRecord>> ReadLogsAfterAsync(long afterSeq, SpanFilter filter, string? spanId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LogRecord>>([]);

    public Task<IReadOnlyList<LogRecord>> GetTraceLogsAsync(string traceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LogRecord>>([]);

    public ValueTask<long> GetLogsRetainedAfterSeqAsync(CancellationToken cancellationToken) => ValueTask.FromResult(0L);
}
