using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>Appending: seqs, the onSequenced hand-off, duplicates, restarts.</summary>
public abstract partial class SpanStoreSpecification
{
    [Fact]
    public async Task AppendAsync_OneBatch_AssignsStrictlyIncreasingSeqsInInputOrder()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var spans = Enumerable.Range(0, 50).Select(_ => TestSpans.Create(service)).ToArray();

        var sequenced = await AppendAsync(store, spans);

        Assert.Equal(spans.Select(s => s.SpanId), sequenced.Select(s => s.SpanId));
        AssertStrictlyIncreasing(sequenced.Select(s => s.Seq));
        Assert.All(sequenced, s => Assert.True(s.Seq > 0));
    }

    [Fact]
    public async Task AppendAsync_SeveralBatches_SeqsIncreaseAcrossBatches()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var all = new List<SpanRecord>();
        for (var batch = 0; batch < 5; batch++)
        {
            all.AddRange(await AppendAsync(store, [.. Enumerable.Range(0, 7).Select(_ => TestSpans.Create(service))]));
        }

        AssertStrictlyIncreasing(all.Select(s => s.Seq));
        var stored = await ReadServiceAsync(store, service);
        Assert.Equal(all.Select(s => (s.Seq, s.SpanId)), stored.Select(s => (s.Seq, s.SpanId)));
    }

    [Fact]
    public async Task AppendAsync_WithOnSequenced_HandsOverSameRecordsWithSeqsBeforeCompleting()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var traceId = TestSpans.NewTraceId();
        var spans = new[] { RealisticSpans.Chat(service, traceId, Unique("s"), null, 1), TestSpans.Create(service, traceId: traceId) };
        IReadOnlyList<SpanRecord>? handed = null;

        var result = await store.AppendAsync(spans, b => handed = [.. b.Spans], CancellationToken.None).WithTimeout();

        Assert.NotNull(handed);
        Assert.Equal(new AppendResult(2, 0), result);
        Assert.Equal(spans.Select(s => s with { Seq = 0 }), handed.Select(s => s with { Seq = 0 }), SpanComparer.Instance);
        var stored = await ReadServiceAsync(store, service);
        Assert.Equal(handed.Select(s => s.Seq), stored.Select(s => s.Seq));
        Assert.Equal(handed, stored, SpanComparer.Instance);
    }

    [Fact]
    public async Task AppendAsync_WithOnSequenced_HandsOneBlockSpanningTheWritesSeqs()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var blocks = new List<SequencedBlock>();

        await store.AppendAsync([TestSpans.Create(service), TestSpans.Create(service), TestSpans.Create(service)], blocks.Add, CancellationToken.None).WithTimeout();
        await store.AppendAsync([TestSpans.Create(service)], blocks.Add, CancellationToken.None).WithTimeout();

        Assert.Equal(2, blocks.Count);
        foreach (var block in blocks)
        {
            Assert.Empty(block.Logs);
            Assert.All(block.Spans, s => Assert.InRange(s.Seq, block.FirstSeq, block.LastSeq));
            Assert.Equal(block.Spans[0].Seq, block.FirstSeq);
            Assert.Equal(block.Spans[^1].Seq, block.LastSeq);
        }
        Assert.True(blocks[1].FirstSeq > blocks[0].LastSeq);
    }

    [Fact]
    public async Task AppendAsync_EmptyBatch_StoresNothing()
    {
        var store = await NewStoreAsync();

        var result = await store.AppendAsync([], null, CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(0, 0), result);
    }

    [Fact]
    public async Task AppendAsync_SpanAlreadyStored_CountsDuplicateAndKeepsOneCopy()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var first = TestSpans.Create(service);
        var firstSequenced = await AppendAsync(store, first);
        var second = TestSpans.Create(service);
        IReadOnlyList<SpanRecord> handed = [];

        var result = await store.AppendAsync([first with { Name = "retried" }, second], b => handed = [.. b.Spans], CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(1, 1), result);
        Assert.Equal([second.SpanId], handed.Select(s => s.SpanId));
        var stored = await ReadServiceAsync(store, service);
        Assert.Equal([first.SpanId, second.SpanId], stored.Select(s => s.SpanId));
        Assert.Equal(firstSequenced[0].Seq, stored[0].Seq);
        Assert.Equal("op", stored[0].Name);
    }

    [Fact]
    public async Task AppendAsync_DuplicateWithinOneBatch_StoredOnce()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var span = TestSpans.Create(service);

        var result = await store.AppendAsync([span, span], null, CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(1, 1), result);
        Assert.Single(await ReadServiceAsync(store, service));
    }

    [Fact]
    public async Task AppendAsync_SameSpanIdInAnotherTrace_IsNotADuplicate()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var span = TestSpans.Create(service);

        var result = await store.AppendAsync([span, span with { TraceId = TestSpans.NewTraceId() }], null, CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(2, 0), result);
    }

    [Fact]
    public async Task GetRetainedAfterSeqAsync_NothingEvicted_IsBelowEveryStoredSeq()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var sequenced = await AppendAsync(store, TestSpans.Create(service), TestSpans.Create(service));

        var retainedAfter = await store.GetRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout();

        Assert.True(retainedAfter < sequenced[0].Seq, $"retainedAfterSeq {retainedAfter} must be below {sequenced[0].Seq}");
        var fromCursor = await ReadServiceAsync(store, service, retainedAfter);
        Assert.Equal(2, fromCursor.Count);
    }

    [Fact]
    public async Task RestartStoreAsync_AfterAppends_NewSeqsAboveEveryEarlierSeq()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var before = await AppendAsync(store, [.. Enumerable.Range(0, 20).Select(_ => TestSpans.Create(service))]);

        var restarted = await RestartAsync(store);
        var after = await AppendAsync(restarted, TestSpans.Create(service), TestSpans.Create(service));

        AssertStrictlyIncreasing(before.Concat(after).Select(s => s.Seq));
        var retainedAfter = await restarted.GetRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout();
        var stored = await ReadServiceAsync(restarted, service);
        if (IsDurable)
        {
            Assert.Equal(before.Concat(after).Select(s => s.Seq), stored.Select(s => s.Seq));
            Assert.True(retainedAfter < before[0].Seq);
        }
        else
        {
            // The embedded store forgot everything: a client resuming from an old seq must learn it.
            Assert.Equal(after.Select(s => s.Seq), stored.Select(s => s.Seq));
            Assert.True(retainedAfter >= before[^1].Seq, $"retainedAfterSeq {retainedAfter} must cover the lost seq {before[^1].Seq}");
            Assert.True(retainedAfter < after[0].Seq);
        }
    }
}
