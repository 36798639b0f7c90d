using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>Reading after a seq: filters, limit, paging, concurrent readers.</summary>
public abstract partial class SpanStoreSpecification
{
    /// <summary>Spans of two services, two sessions, two traces, GenAI or not: every filter field selects a different subset.</summary>
    private async Task<(ISpanStore Store, string ServiceA, string ServiceB, string SessionA, string TraceA, IReadOnlyList<SpanRecord> All)> SeedMixAsync()
    {
        var store = await NewStoreAsync();
        string serviceA = Unique("a"), serviceB = Unique("b"), sessionA = Unique("sa"), sessionB = Unique("sb");
        string traceA = TestSpans.NewTraceId(), traceB = TestSpans.NewTraceId();
        var all = await AppendAsync(
            store,
            TestSpans.Create(serviceA, sessionA, traceA, genAi: true),
            TestSpans.Create(serviceA, sessionA, traceA),
            TestSpans.Create(serviceA, sessionB, traceB, genAi: true),
            TestSpans.Create(serviceB, sessionA, traceA, genAi: true),
            TestSpans.Create(serviceB, null, traceB),
            TestSpans.Create(serviceA, null, traceA, genAi: true));
        return (store, serviceA, serviceB, sessionA, traceA, all);
    }

    [Fact]
    public async Task ReadAfterAsync_EachFilterAndCombination_ReturnsExactlyMatchingSpansAscending()
    {
        var (store, serviceA, serviceB, sessionA, traceA, all) = await SeedMixAsync();
        var filters = new List<SpanFilter>();
        foreach (var service in new[] { null, serviceA, serviceB })
        {
            foreach (var session in new[] { null, sessionA })
            {
                foreach (var trace in new[] { null, traceA })
                {
                    foreach (var genAi in new bool?[] { null, true, false })
                    {
                        filters.Add(new SpanFilter { ServiceName = service, SessionId = session, TraceId = trace, GenAiOnly = genAi });
                    }
                }
            }
        }

        foreach (var filter in filters)
        {
            var read = await store.ReadAfterAsync(all[0].Seq - 1, filter, 1000, CancellationToken.None).WithTimeout();
            // An unfiltered read may see other tests' spans in a shared store: keep only ours.
            var ours = read.Where(s => all.Any(a => a.Seq == s.Seq)).Select(s => s.SpanId);
            var expected = all.Where(filter.Matches).Select(s => s.SpanId);
            Assert.True(expected.SequenceEqual(ours), $"filter {filter.CanonicalKey}");
            AssertStrictlyIncreasing(read.Select(s => s.Seq));
        }
    }

    [Fact]
    public async Task ReadAfterAsync_UppercaseTraceIdOrEmptyStrings_TreatedLikeNormalizedFilter()
    {
        var (store, serviceA, _, _, traceA, all) = await SeedMixAsync();

        var upper = await store.ReadAfterAsync(0, new SpanFilter { TraceId = traceA.ToUpperInvariant(), ServiceName = serviceA }, 100, CancellationToken.None).WithTimeout();
        var empty = await store.ReadAfterAsync(0, new SpanFilter { ServiceName = serviceA, SessionId = "", TraceId = "" }, 100, CancellationToken.None).WithTimeout();

        Assert.Equal(all.Where(s => s.TraceId == traceA && s.ServiceName == serviceA).Select(s => s.Seq), upper.Select(s => s.Seq));
        Assert.Equal(all.Where(s => s.ServiceName == serviceA).Select(s => s.Seq), empty.Select(s => s.Seq));
    }

    [Fact]
    public async Task ReadAfterAsync_LimitAndCursor_PagesThroughEverySpanOnceInOrder()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var all = await AppendAsync(store, [.. Enumerable.Range(0, 23).Select(_ => TestSpans.Create(service))]);

        var pages = new List<IReadOnlyList<SpanRecord>>();
        var cursor = 0L;
        for (var i = 0; i < 10; i++)
        {
            var page = await ReadServiceAsync(store, service, cursor, limit: 5);
            if (page.Count == 0)
            {
                break;
            }
            pages.Add(page);
            cursor = page[^1].Seq;
        }

        Assert.Equal([5, 5, 5, 5, 3], pages.Select(p => p.Count));
        Assert.Equal(all.Select(s => s.Seq), pages.SelectMany(p => p).Select(s => s.Seq));
    }

    [Fact]
    public async Task ReadAfterAsync_AfterSeqInsideTheRange_ReturnsOnlyLaterSpans()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var all = await AppendAsync(store, [.. Enumerable.Range(0, 6).Select(_ => TestSpans.Create(service))]);

        var afterThird = await ReadServiceAsync(store, service, all[2].Seq);
        var afterLast = await ReadServiceAsync(store, service, all[^1].Seq);

        Assert.Equal(all.Skip(3).Select(s => s.Seq), afterThird.Select(s => s.Seq));
        Assert.Empty(afterLast);
    }

    [Fact]
    public async Task ReadAfterAsync_ReaderLoopWhileWriterAppends_SeesEverySpanExactlyOnceInOrder()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        const int Batches = 200, BatchSize = 10;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Batches; i++)
            {
                await store.AppendAsync([.. Enumerable.Range(0, BatchSize).Select(_ => TestSpans.Create(service))], null, CancellationToken.None).WithTimeout();
            }
        });

        async Task<List<long>> ReadLoop()
        {
            var seen = new List<long>();
            var cursor = 0L;
            using var deadline = new CancellationTokenSource(Timeouts.Long);
            while (seen.Count < Batches * BatchSize && !deadline.IsCancellationRequested)
            {
                var page = await ReadServiceAsync(store, service, cursor, limit: 37);
                seen.AddRange(page.Select(s => s.Seq));
                cursor = page.Count > 0 ? page[^1].Seq : cursor;
                if (page.Count == 0)
                {
                    await Task.Yield();
                }
            }
            return seen;
        }

        var readers = await Task.WhenAll(ReadLoop(), ReadLoop(), ReadLoop()).WithTimeout(Timeouts.Long);
        await writer.WithTimeout(Timeouts.Long);

        var stored = (await ReadServiceAsync(store, service)).Select(s => s.Seq).ToList();
        Assert.Equal(Batches * BatchSize, stored.Count);
        Assert.All(readers, seen => Assert.Equal(stored, seen));
    }
}
