using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;

namespace Qyl.Tests.Otlp;

/// <summary>
/// A store whose appends wait at a gate: the ingest queue stays occupied until the test opens it,
/// which makes "queue full" deterministic. With <see cref="Fail"/> set, appends throw
/// <see cref="StoreUnavailableException"/> instead (store down).
/// </summary>
internal sealed class GatedSpanStore : ISpanStore
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _seq;

    public bool Fail { get; init; }

    /// <summary>Completes when the first append has started (and is waiting at the gate).</summary>
    public Task Entered => _entered.Task;

    public void Open() => _gate.TrySetResult();

    public async Task<AppendResult> AppendAsync(IReadOnlyList<SpanRecord> spans, Action<SequencedBlock>? onSequenced, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new StoreUnavailableException("test store is down");
        }
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        var sequenced = spans.Select(s => s with { Seq = Interlocked.Increment(ref _seq) }).ToList();
        onSequenced?.Invoke(new SequencedBlock(sequenced[0].Seq, sequenced[^1].Seq, sequenced));
        return new AppendResult(sequenced.Count, 0);
    }

    public Task<IReadOnlyList<SpanRecord>> ReadAfterAsync(long afterSeq, SpanFilter filter, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SpanRecord>>([]);

    public ValueTask<long> GetRetainedAfterSeqAsync(CancellationToken cancellationToken) => ValueTask.FromResult(0L);

    public Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken) => Task.FromResult<TraceDetail?>(null);

    public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ServiceSummary>>([]);

    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SessionSummary>>([]);

    public Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TraceSummary>>([]);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(!Fail);
}
