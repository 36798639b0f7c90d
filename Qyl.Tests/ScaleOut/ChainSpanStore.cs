using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;

namespace Qyl.Tests.ScaleOut;

/// <summary>
/// A hand-written store for sequencer tests: spans "committed" by <see cref="Commit"/> are what
/// <see cref="ReadAfterAsync"/> returns; <see cref="GetLastIssuedSeqAsync"/> is <see cref="LastIssued"/>.
/// Everything else is not needed by the sequencer and throws.
/// </summary>
internal sealed class ChainSpanStore : ISpanStore, ILogStore, ISharedSeqStore
{
    private readonly Lock _lock = new();
    private readonly List<SpanRecord> _committed = [];
    private readonly List<LogRecord> _committedLogs = [];
    private int _reads;

    public long LastIssued { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public void Commit(params SpanRecord[] spans)
    {
        lock (_lock)
        {
            _committed.AddRange(spans);
            _committed.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        }
    }

    public void CommitLogs(params LogRecord[] logs)
    {
        lock (_lock)
        {
            _committedLogs.AddRange(logs);
            _committedLogs.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        }
    }

    public Task<IReadOnlyList<LogRecord>> ReadLogsAfterAsync(long afterSeq, SpanFilter filter, string? spanId, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<LogRecord>>([.. _committedLogs.Where(l => l.Seq > afterSeq && filter.Matches(l)).Take(limit)]);
        }
    }

    public Task<int> AppendLogsAsync(IReadOnlyList<LogRecord> logs, Action<SequencedBlock>? onSequenced, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<LogRecord>> GetTraceLogsAsync(string traceId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<long> GetLogsRetainedAfterSeqAsync(CancellationToken cancellationToken) => ValueTask.FromResult(0L);

    public ValueTask<long> GetLastIssuedSeqAsync(CancellationToken cancellationToken) => ValueTask.FromResult(LastIssued);

    public Task<IReadOnlyList<SpanRecord>> ReadAfterAsync(long afterSeq, SpanFilter filter, int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<SpanRecord>>([.. _committed.Where(s => s.Seq > afterSeq && filter.Matches(s)).Take(limit)]);
        }
    }

    public Task<AppendResult> AppendAsync(IReadOnlyList<SpanRecord> spans, Action<SequencedBlock>? onSequenced, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<long> GetRetainedAfterSeqAsync(CancellationToken cancellationToken) => ValueTask.FromResult(0L);

    public Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
