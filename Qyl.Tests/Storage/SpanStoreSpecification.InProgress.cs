using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>
/// In-progress records (the contract's "In-progress spans"): a running span's record and its finished
/// record are two records of the seq stream; the trace shows the finished one once it exists; summaries
/// count finished spans only; a finished record is never followed by an in-progress one.
/// </summary>
public abstract partial class SpanStoreSpecification
{
    private static SpanRecord Running(SpanRecord finished) =>
        finished with { InProgress = true, EndTimeUnixNano = null, DurationMs = null };

    [Fact]
    public async Task AppendAsync_InProgressThenFinished_BothInSeqStreamWithNewSeq()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var finished = TestSpans.Create(service, sessionId: Unique("sess"), genAi: true);

        var first = await AppendAsync(store, Running(finished));
        var second = await AppendAsync(store, finished);

        Assert.True(Assert.Single(first).InProgress);
        Assert.False(Assert.Single(second).InProgress);
        Assert.True(second[0].Seq > first[0].Seq);
        var stream = await ReadServiceAsync(store, service);
        Assert.Equal([(first[0].Seq, true), (second[0].Seq, false)], stream.Select(s => (s.Seq, s.InProgress)));
        Assert.Null(stream[0].EndTimeUnixNano);
        Assert.Null(stream[0].DurationMs);
        Assert.Equal(finished.EndTimeUnixNano, stream[1].EndTimeUnixNano);
        // Resume after the in-progress record: the finished one follows.
        var resumed = await ReadServiceAsync(store, service, afterSeq: first[0].Seq);
        Assert.Equal([second[0].Seq], resumed.Select(s => s.Seq));
        var byTrace = await store.ReadAfterAsync(0, new SpanFilter { TraceId = finished.TraceId }, 100, CancellationToken.None).WithTimeout();
        Assert.Equal(2, byTrace.Count);
    }

    [Fact]
    public async Task GetTraceAsync_InProgressOnlyThenFinished_ShowsRunningThenOnlyFinished()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var root = TestSpans.Create(service);
        var child = TestSpans.Create(service, traceId: root.TraceId, parentSpanId: root.SpanId);
        await AppendAsync(store, Running(root), child);

        var running = await store.GetTraceAsync(root.TraceId, CancellationToken.None).WithTimeout();
        Assert.NotNull(running);
        Assert.Equal([(root.SpanId, true), (child.SpanId, false)], running.Spans.Select(s => (s.SpanId, s.InProgress)));

        await AppendAsync(store, root);
        var done = await store.GetTraceAsync(root.TraceId, CancellationToken.None).WithTimeout();
        Assert.NotNull(done);
        Assert.Equal([(child.SpanId, false), (root.SpanId, false)], done.Spans.Select(s => (s.SpanId, s.InProgress)));
    }

    [Fact]
    public async Task AppendAsync_InProgressAfterFinished_StoresNothing()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var finished = TestSpans.Create(service);
        await AppendAsync(store, finished);

        var late = await store.AppendAsync([Running(finished)], null, CancellationToken.None).WithTimeout();
        var again = await store.AppendAsync([finished], null, CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(0, 1), late);
        Assert.Equal(new AppendResult(0, 1), again);
        var stream = await ReadServiceAsync(store, service);
        Assert.False(Assert.Single(stream).InProgress);
        var trace = await store.GetTraceAsync(finished.TraceId, CancellationToken.None).WithTimeout();
        Assert.False(Assert.Single(trace!.Spans).InProgress);
    }

    [Fact]
    public async Task AppendAsync_InProgressTwice_StoredOnce()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var running = Running(TestSpans.Create(service));
        await AppendAsync(store, running);

        var again = await store.AppendAsync([running], null, CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(0, 1), again);
        Assert.Single(await ReadServiceAsync(store, service));
    }

    [Fact]
    public async Task Summaries_SpanWithBothRecords_CountedOnceAndRunningOnlyNotCounted()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var session = Unique("sess");
        var root = TestSpans.Create(service, sessionId: session, genAi: true);
        var stillRunning = TestSpans.Create(service, sessionId: session, traceId: root.TraceId, parentSpanId: root.SpanId, genAi: true);
        await AppendAsync(store, Running(root), Running(stillRunning));
        await AppendAsync(store, root);

        var services = await store.GetServicesAsync(CancellationToken.None).WithTimeout();
        Assert.Equal(1, services.Single(s => s.ServiceName == service).SpanCount);
        var sessions = await store.GetSessionsAsync(service, 10, CancellationToken.None).WithTimeout();
        var summary = Assert.Single(sessions);
        Assert.Equal((1L, 1L, 10L, 20L), (summary.SpanCount, summary.TraceCount, summary.InputTokens, summary.OutputTokens));
        var traces = await store.GetTracesAsync(service, null, 10, CancellationToken.None).WithTimeout();
        var trace = Assert.Single(traces);
        Assert.Equal((1L, root.DurationMs), (trace.SpanCount, (double?)trace.DurationMs));
    }

    [Fact]
    public async Task GetTracesAsync_TraceOfRunningSpansOnly_NotListedYet()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var session = Unique("sess");
        await AppendAsync(store, Running(TestSpans.Create(service, sessionId: session)));

        Assert.Empty(await store.GetTracesAsync(service, null, 10, CancellationToken.None).WithTimeout());
        Assert.Empty(await store.GetSessionsAsync(service, 10, CancellationToken.None).WithTimeout());
        Assert.DoesNotContain(await store.GetServicesAsync(CancellationToken.None).WithTimeout(), s => s.ServiceName == service);
    }
}
