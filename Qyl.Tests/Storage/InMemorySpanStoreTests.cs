using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Ingest;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>The specification against the embedded store, plus what only it does: eviction and the clock rule.</summary>
public sealed partial class InMemorySpanStoreTests : SpanStoreSpecification, IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ManualTimeProvider _clock = new(s_start);
    private StorageOptions _options = new();

    protected override Task<ISpanStore> CreateStoreAsync(StorageOptions options)
    {
        _options = options;
        return Task.FromResult<ISpanStore>(Create(options));
    }

    /// <summary>A restarted process has an empty store and a clock that moved on.</summary>
    protected override Task<ISpanStore> RestartStoreAsync(ISpanStore store)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return Task.FromResult<ISpanStore>(Create(_options));
    }

    public void Dispose() => _services.Dispose();

    private InMemorySpanStore Create(StorageOptions options) => new(
        Options.Create(options),
        new IngestMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
        NullLogger<InMemorySpanStore>.Instance,
        _clock);

    private static long Micros(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;

    [Fact]
    public async Task AppendAsync_FreshStore_FirstSeqAboveClockInMicroseconds()
    {
        var store = await NewStoreAsync();

        var sequenced = await AppendAsync(store, TestSpans.Create());

        Assert.True(sequenced[0].Seq > Micros(s_start));
        Assert.True(await store.GetRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout() >= Micros(s_start));
    }

    [Fact]
    public async Task AppendAsync_ClockMovesBack_SeqsStillIncrease()
    {
        var store = await NewStoreAsync();
        var first = await AppendAsync(store, TestSpans.Create(), TestSpans.Create());

        _clock.Advance(TimeSpan.FromMinutes(-5));
        var second = await AppendAsync(store, TestSpans.Create());

        AssertStrictlyIncreasing(first.Concat(second).Select(s => s.Seq));
    }

    [Fact]
    public async Task RestartStoreAsync_ManySpansWithinOneMillisecond_NewStoreStillAboveThem()
    {
        var store = await NewStoreAsync();
        // 900 seqs within the same clock microsecond run 900 µs ahead of the clock.
        var before = await AppendAsync(store, [.. Enumerable.Range(0, 900).Select(_ => TestSpans.Create())]);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var restarted = Create(_options);
        var after = await AppendAsync(restarted, TestSpans.Create());

        Assert.True(after[0].Seq > before[^1].Seq);
        Assert.True(await restarted.GetRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout() >= before[^1].Seq);
    }

    [Fact]
    public async Task AppendAsync_BeyondMaxSpans_EvictsOldestAndUpdatesEveryIndex()
    {
        var store = await NewStoreAsync(new StorageOptions { MaxSpans = 3 });
        var session = Unique("session");
        var traceId = TestSpans.NewTraceId();
        var old = await AppendAsync(store, TestSpans.Create("old", session, traceId, genAi: true), TestSpans.Create("old", session, traceId));
        var kept = await AppendAsync(store, TestSpans.Create("new", session), TestSpans.Create("new"), TestSpans.Create("new"));

        Assert.Equal(kept.Select(s => s.Seq), (await store.ReadAfterAsync(0, SpanFilter.All, 100, CancellationToken.None).WithTimeout()).Select(s => s.Seq));
        Assert.Equal(old[^1].Seq, await store.GetRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout());
        Assert.Null(await store.GetTraceAsync(traceId, CancellationToken.None).WithTimeout());
        Assert.Equal([new ServiceSummary("new", 3, kept[^1].EndTimeUnixNano!.Value)], await store.GetServicesAsync(CancellationToken.None).WithTimeout());
        var sessionSummary = Assert.Single(await store.GetSessionsAsync(null, 10, CancellationToken.None).WithTimeout());
        Assert.Equal((1L, 1L, 0L), (sessionSummary.SpanCount, sessionSummary.TraceCount, sessionSummary.InputTokens));
        Assert.DoesNotContain(await store.GetTracesAsync(null, null, 10, CancellationToken.None).WithTimeout(), t => t.TraceId == traceId);
    }

    [Fact]
    public async Task AppendAsync_EvictedSpanSentAgain_StoredAgainWithNewSeq()
    {
        var store = await NewStoreAsync(new StorageOptions { MaxSpans = 1 });
        var span = TestSpans.Create();
        await AppendAsync(store, span);
        await AppendAsync(store, TestSpans.Create());

        var again = await AppendAsync(store, span);

        Assert.Single(again);
    }

    [Fact]
    public async Task GetTracesAsync_PartlyEvictedTrace_SummarizesRetainedSpans()
    {
        var store = await NewStoreAsync(new StorageOptions { MaxSpans = 2 });
        var traceId = TestSpans.NewTraceId();
        var root = TestSpans.Create("svc", traceId: traceId, name: "root", startTimeUnixNano: 1_800_000_000_000_000_000L);
        await AppendAsync(store, root, TestSpans.Create("svc", traceId: traceId, parentSpanId: root.SpanId, status: SpanStatuses.Error));
        await AppendAsync(store, TestSpans.Create("svc", traceId: traceId, parentSpanId: root.SpanId));

        var trace = Assert.Single(await store.GetTracesAsync(null, null, 10, CancellationToken.None).WithTimeout());

        Assert.Equal((2L, 1L), (trace.SpanCount, trace.ErrorCount));
        Assert.Equal("op", trace.RootName);
    }

    [Fact]
    public async Task GetSessionsAsync_PricedCallsEvicted_CostIsExactSumOfRetainedCalls()
    {
        var store = await NewStoreAsync(new StorageOptions { MaxSpans = 2 });
        var traceId = TestSpans.NewTraceId();
        // Costs whose double sums drift (0.1 + 0.2 style): the aggregate subtracts the evicted one exactly.
        await AppendAsync(store, PricedCalls.Chat("svc", "s", traceId, "openai", "gpt-4.1-nano", input: 1_000_003, output: 7));
        await AppendAsync(store, PricedCalls.Chat("svc", "s", traceId, "openai", "gpt-4o-mini", input: 333_333, output: 33_333));
        await AppendAsync(store, PricedCalls.Chat("svc", "s", traceId, "deepseek", "deepseek-reasoner", input: 10_001, output: 2_222, cacheRead: 8_192));

        var session = Assert.Single(await store.GetSessionsAsync(null, 10, CancellationToken.None).WithTimeout());
        var trace = Assert.Single(await store.GetTracesAsync(null, null, 10, CancellationToken.None).WithTimeout());

        var retained = PricedCalls.Expected("openai", "gpt-4o-mini", 333_333, 33_333) + PricedCalls.Expected("deepseek", "deepseek-reasoner", 10_001, 2_222, 8_192);
        Assert.Equal(((double)retained, 0L), (session.CostUsd, session.UnpricedSpans));
        Assert.Equal(((double)retained, 0L), (trace.CostUsd, trace.UnpricedSpans));
    }

    [Fact]
    public async Task AppendAsync_RepeatedResourceAndAttributeKeys_StoredSpansShareThem()
    {
        var store = await NewStoreAsync();
        var traceId = TestSpans.NewTraceId();
        // Fresh strings and dictionaries per span, as a decoder makes them.
        var inputs = new[] { TestSpans.Chat(new string("agent".AsSpan()), traceId, "s", null, 1), TestSpans.Chat(new string("agent".AsSpan()), traceId, "s", null, 2) };
        await AppendAsync(store, inputs[0]);
        await AppendAsync(store, inputs[1]);

        var read = (await store.GetTraceAsync(traceId, CancellationToken.None).WithTimeout())!.Spans;
        Assert.Equal(2, read.Count);
        Assert.Same(read[0].ResourceAttributes, read[1].ResourceAttributes);
        Assert.Same(read[0].ServiceName, read[1].ServiceName);
        Assert.Same(read[0].TraceId, read[1].TraceId);
        Assert.Same(read[0].Attributes.Keys.First(), read[1].Attributes.Keys.First());
        // Values that differ stay apart.
        Assert.NotEqual(inputs[0].Attributes["gen_ai.response.id"], inputs[1].Attributes["gen_ai.response.id"]);
        Assert.Equal(inputs.Select(s => s.Attributes["gen_ai.response.id"]), read.Select(s => s.Attributes["gen_ai.response.id"]));
    }

    [Fact]
    public async Task AppendAsync_SpanWithoutSeq_DeliveredAsItCameWithSeqSetAndReadAsARecordOfItsOwn()
    {
        var store = await NewStoreAsync();
        var span = TestSpans.Create(sessionId: "s", genAi: true) with { Attributes = new() { ["http.route"] = "/chat", ["retry"] = 2L } };

        var sequenced = Assert.Single(await AppendAsync(store, span));

        // Live delivery gets the record that came in, seq stamped, no copy.
        Assert.Same(span, sequenced);
        Assert.True(span.Seq > 0);
        // Readers get a record of their own, equal to it: changing it changes nothing stored.
        var read = Assert.Single((await store.GetTraceAsync(span.TraceId, CancellationToken.None).WithTimeout())!.Spans);
        Assert.NotSame(span, read);
        Assert.Equal(span, read, SpanComparer.Instance);
        read.Attributes["http.route"] = "/changed";
        var again = Assert.Single((await store.GetTraceAsync(span.TraceId, CancellationToken.None).WithTimeout())!.Spans);
        Assert.Equal("/chat", again.Attributes["http.route"]);
    }

    [Theory]
    [InlineData("00f067aa0ba902b7", null)]
    [InlineData("00f067aa0ba902b7", "53995c3f42cd8ad8")]
    [InlineData("00F067AA0BA902B7", "53995C3F42CD8AD8")]
    [InlineData("span-1", "span-0")]
    [InlineData("0123456789abcdef0", "")]
    public async Task AppendAsync_IdsOfAnyForm_ReadBackExactly(string spanId, string? parentSpanId)
    {
        var store = await NewStoreAsync();
        var span = TestSpans.Create() with { SpanId = spanId, ParentSpanId = parentSpanId };

        await AppendAsync(store, span);

        var read = Assert.Single((await store.GetTraceAsync(span.TraceId, CancellationToken.None).WithTimeout())!.Spans);
        Assert.Equal((spanId, parentSpanId), (read.SpanId, read.ParentSpanId));
        // The same id again is the same span, whatever its form.
        var duplicate = await store.AppendAsync([TestSpans.Create(traceId: span.TraceId) with { SpanId = spanId }], null, CancellationToken.None).WithTimeout();
        Assert.Equal(new AppendResult(0, 1), duplicate);
    }

    [Fact]
    public async Task AppendAsync_SpanThatAlreadyHasASeq_StoredAsCopyAndLeftUnchanged()
    {
        var store = await NewStoreAsync();
        var span = TestSpans.Create() with { Seq = 5 };

        var stored = Assert.Single(await AppendAsync(store, span));

        Assert.NotSame(span, stored);
        Assert.Equal(5, span.Seq);
        Assert.True(stored.Seq > 5);
    }

    [Fact]
    public async Task AppendAsync_OtherInstanceOfAPooledKeyComesAgain_AdoptedFromItsSecondSpanOn()
    {
        var store = await NewStoreAsync();
        var traceId = TestSpans.NewTraceId();
        // The first span pools its key; a decoder's cache may later hand out another instance of
        // it, the same one span after span: keeping that one lets the decoder's strings be shared.
        var first = new string("http.route".AsSpan());
        var cached = new string("http.route".AsSpan());
        var resource = new Dictionary<string, object?> { ["service.name"] = "svc" };
        SpanRecord Span(string key) => TestSpans.Create(traceId: traceId) with { Attributes = new() { [key] = "/" }, ResourceAttributes = resource };

        await AppendAsync(store, Span(first));
        await AppendAsync(store, Span(cached), Span(cached));

        var keys = (await store.GetTraceAsync(traceId, CancellationToken.None).WithTimeout())!.Spans.Select(s => s.Attributes.Keys.Single()).ToList();
        Assert.Same(first, keys[0]);
        Assert.Same(first, keys[1]);
        Assert.Same(cached, keys[2]);
    }
}
