using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>The embedded store's log bound: Qyl:Storage:MaxLogs, oldest first, apart from spans.</summary>
public sealed partial class InMemorySpanStoreTests
{
    [Fact]
    public async Task AppendLogsAsync_BeyondMaxLogs_EvictsOldestFromRingAndTraceIndex()
    {
        var store = await NewStoreAsync(new StorageOptions { MaxLogs = 3, MaxSpans = 2 });
        var logStore = (ILogStore)store;
        var traces = Enumerable.Range(0, 5).Select(_ => TestSpans.NewTraceId()).ToArray();
        var span = TestSpans.Create("svc");
        await AppendAsync(store, span);

        var first = await AppendLogsAsync(store, TestLogs.Create("svc", traceId: traces[0]), TestLogs.Create("svc", traceId: traces[1]));
        var second = await AppendLogsAsync(store, [.. traces[2..].Select(t => TestLogs.Create("svc", traceId: t))]);

        var retained = await ReadLogsAsync(store, SpanFilter.All);
        Assert.Equal(second.Logs.Select(l => l.Seq), retained.Select(l => l.Seq));
        Assert.Empty(await logStore.GetTraceLogsAsync(traces[0], CancellationToken.None).WithTimeout());
        Assert.Empty(await ReadLogsAsync(store, new SpanFilter { TraceId = traces[1] }));
        Assert.Single(await logStore.GetTraceLogsAsync(traces[4], CancellationToken.None).WithTimeout());
        Assert.Equal(first.Logs[1].Seq, await logStore.GetLogsRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout());
        // The log bound is its own: the span stays, and the span bound is not touched by logs.
        Assert.Equal([span.SpanId], (await ReadServiceAsync(store, "svc")).Select(s => s.SpanId));
        Assert.True(await store.GetRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout() < first.FirstSeq);
    }
}
