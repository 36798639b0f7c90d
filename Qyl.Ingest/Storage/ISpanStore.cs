using Qyl.Contracts;
using Qyl.Ingest.Live;

namespace Qyl.Ingest.Storage;

/// <summary>
/// Where accepted spans live: the embedded in-memory store by default, PostgreSQL when configured.
/// Every implementation passes the same specification tests (Qyl.Tests/Storage).
/// </summary>
/// <remarks>
/// Ordering contract: <see cref="AppendAsync"/> is called by one writer at a time per store instance
/// (the ingest pipeline). Seqs it assigns are strictly increasing and never
/// reused, also across restarts. A reader calling <see cref="ReadAfterAsync"/> must never see a seq
/// before a smaller seq that will still become visible later: resume depends on it.
/// </remarks>
public interface ISpanStore
{
    /// <summary>
    /// Assigns each span a seq above every seq issued before, hands the write's block (its seqs and
    /// the sequenced records) to <paramref name="onSequenced"/> before they are durable (the live path
    /// never waits on disk), then completes once they are stored. Spans whose (traceId, spanId) is
    /// already stored are accepted again without being stored twice.
    /// </summary>
    Task<AppendResult> AppendAsync(
        IReadOnlyList<SpanRecord> spans,
        Action<SequencedBlock>? onSequenced,
        CancellationToken cancellationToken);

    /// <summary>Stored spans with seq above <paramref name="afterSeq"/> that match <paramref name="filter"/>, ascending, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SpanRecord>> ReadAfterAsync(long afterSeq, SpanFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The store holds every span it accepted with a seq above this value; spans at or below it may be
    /// gone (evicted, past retention, or issued before a restart of the embedded store). A resume from
    /// a lower seq is told about the gap with a Dropped notice.
    /// </summary>
    ValueTask<long> GetRetainedAfterSeqAsync(CancellationToken cancellationToken);

    /// <summary>All stored spans of one trace in seq order, or null when none is stored.</summary>
    Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken);

    /// <summary>Services seen, with span counts and last-seen time.</summary>
    Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken);

    /// <summary>Sessions, most recent first.</summary>
    Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken);

    /// <summary>Trace summaries, most recent first.</summary>
    Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken);

    /// <summary>True when the store can accept and serve spans now (readiness probe).</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}

/// <summary>The outcome of one <see cref="ISpanStore.AppendAsync"/>.</summary>
/// <param name="Stored">Spans newly stored.</param>
/// <param name="Duplicates">Spans already stored under the same (traceId, spanId), accepted again without a second copy.</param>
public readonly record struct AppendResult(int Stored, int Duplicates);

/// <summary>The store could not take or serve spans now (database down); callers answer 503 / UNAVAILABLE.</summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
