using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>Traces, services, sessions and trace summaries.</summary>
public abstract partial class SpanStoreSpecification
{
    private const long Ms = 1_000_000;
    private static readonly long s_t0 = 1_800_000_000_000_000_000L;

    [Fact]
    public async Task GetTraceAsync_UnknownTrace_ReturnsNull()
    {
        var store = await NewStoreAsync();

        Assert.Null(await store.GetTraceAsync(TestSpans.NewTraceId(), CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task GetTraceAsync_UppercaseId_ReturnsLowercaseIdAndSpansInSeqOrder()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var traceId = TestSpans.NewTraceId();
        var appended = await AppendAsync(store, TestSpans.Create(service, traceId: traceId), TestSpans.Create(service));
        appended = [appended[0], .. await AppendAsync(store, RealisticSpans.Chat(service, traceId, null, appended[0].SpanId, 1))];

        var trace = await store.GetTraceAsync(traceId.ToUpperInvariant(), CancellationToken.None).WithTimeout();

        Assert.NotNull(trace);
        Assert.Equal(traceId, trace.TraceId);
        Assert.Equal(appended, trace.Spans, SpanComparer.Instance);
    }

    [Fact]
    public async Task GetServicesAsync_TwoServices_CountsSpansAndLatestEnd()
    {
        var store = await NewStoreAsync();
        string a = Unique("a"), b = Unique("b");
        await AppendAsync(
            store,
            TestSpans.Create(a, startTimeUnixNano: s_t0 + (50 * Ms)),
            TestSpans.Create(a, startTimeUnixNano: s_t0),
            TestSpans.Create(b, startTimeUnixNano: s_t0 + (7 * Ms)));

        var services = (await store.GetServicesAsync(CancellationToken.None).WithTimeout())
            .Where(s => s.ServiceName == a || s.ServiceName == b).OrderBy(s => s.ServiceName == b).ToList();

        // TestSpans last 5 ms.
        Assert.Equal([new ServiceSummary(a, 2, s_t0 + (55 * Ms)), new ServiceSummary(b, 1, s_t0 + (12 * Ms))], services);
    }

    [Fact]
    public async Task GetSessionsAsync_SpansOfSession_AggregatesCountsTimesTokensAndErrors()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var session = Unique("session");
        string t1 = TestSpans.NewTraceId(), t2 = TestSpans.NewTraceId();
        await AppendAsync(
            store,
            TestSpans.Create(service, session, t1, genAi: true, startTimeUnixNano: s_t0 + (10 * Ms)),
            TestSpans.Create(service, session, t1, status: SpanStatuses.Error, startTimeUnixNano: s_t0),
            TestSpans.Create(Unique("other"), session, t2, genAi: true, startTimeUnixNano: s_t0 + (30 * Ms)),
            TestSpans.Create(service, null, t2));

        var sessions = await store.GetSessionsAsync(service, 100, CancellationToken.None).WithTimeout();

        // TestSpans' GenAI block has 10 input and 20 output tokens and no cost (it never went through
        // ingest's pricing): both GenAI spans count as unpriced.
        var expected = new SessionSummary(session, service, 3, 2, s_t0, s_t0 + (35 * Ms), 20, 40, 1, 0, 2);
        Assert.Equal([expected], sessions);
    }

    [Fact]
    public async Task GetSessionsAsync_SeveralSessions_MostRecentFirstFilteredAndLimited()
    {
        var store = await NewStoreAsync();
        string service = Unique("svc"), other = Unique("other");
        string s1 = Unique("s1"), s2 = Unique("s2"), s3 = Unique("s3"), s4 = Unique("s4");
        await AppendAsync(
            store,
            TestSpans.Create(service, s2, startTimeUnixNano: s_t0 + (20 * Ms)),
            TestSpans.Create(service, s1, startTimeUnixNano: s_t0 + (10 * Ms)),
            TestSpans.Create(service, s3, startTimeUnixNano: s_t0 + (30 * Ms)),
            TestSpans.Create(other, s4, startTimeUnixNano: s_t0 + (40 * Ms)),
            TestSpans.Create(service, s1, startTimeUnixNano: s_t0 + (25 * Ms)));

        var all = await store.GetSessionsAsync(service, 100, CancellationToken.None).WithTimeout();
        var limited = await store.GetSessionsAsync(service, 2, CancellationToken.None).WithTimeout();
        var unfiltered = await store.GetSessionsAsync(null, 1000, CancellationToken.None).WithTimeout();

        Assert.Equal([s3, s1, s2], all.Select(s => s.SessionId));
        Assert.Equal([s3, s1], limited.Select(s => s.SessionId));
        Assert.Equal([s4, s3, s1, s2], unfiltered.Select(s => s.SessionId).Where(id => id == s1 || id == s2 || id == s3 || id == s4));
    }

    [Fact]
    public async Task GetTracesAsync_TraceWithRootAndChildren_SummarizesRootTimesCountsAndErrors()
    {
        var store = await NewStoreAsync();
        string service = Unique("svc"), downstream = Unique("down"), session = Unique("session");
        var traceId = TestSpans.NewTraceId();
        var root = TestSpans.Create(service, null, traceId, name: "POST /chat", startTimeUnixNano: s_t0) with { EndTimeUnixNano = s_t0 + (100 * Ms) };
        // Children usually arrive before their root (the root ends last).
        await AppendAsync(
            store,
            TestSpans.Create(downstream, session, traceId, genAi: true, parentSpanId: root.SpanId, startTimeUnixNano: s_t0 + (10 * Ms)),
            TestSpans.Create(service, null, traceId, status: SpanStatuses.Error, parentSpanId: root.SpanId, startTimeUnixNano: s_t0 + (120 * Ms)));
        await AppendAsync(store, root);

        var byService = await store.GetTracesAsync(service, null, 10, CancellationToken.None).WithTimeout();
        var byDownstream = await store.GetTracesAsync(downstream, null, 10, CancellationToken.None).WithTimeout();
        var bySession = await store.GetTracesAsync(null, session, 10, CancellationToken.None).WithTimeout();

        var expected = new TraceSummary(traceId, "POST /chat", service, session, s_t0, 125.0, 3, 1, 0, 1);
        Assert.Equal([expected], byService);
        Assert.Equal([expected], byDownstream);
        Assert.Equal([expected], bySession);
        Assert.Empty(await store.GetTracesAsync(service, Unique("nope"), 10, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task GetTracesAsync_NoRootYet_UsesEarliestSpanAsRoot()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var traceId = TestSpans.NewTraceId();
        await AppendAsync(
            store,
            TestSpans.Create(service, null, traceId, name: "late", parentSpanId: "00000000000000aa", startTimeUnixNano: s_t0 + (5 * Ms)),
            TestSpans.Create(service, null, traceId, name: "early", parentSpanId: "00000000000000aa", startTimeUnixNano: s_t0));

        var traces = await store.GetTracesAsync(service, null, 10, CancellationToken.None).WithTimeout();

        Assert.Equal("early", Assert.Single(traces).RootName);
        Assert.Equal(10.0, traces[0].DurationMs);
    }

    [Fact]
    public async Task GetTracesAsync_SeveralTraces_MostRecentStartFirstAndLimited()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var ids = Enumerable.Range(0, 5).Select(_ => TestSpans.NewTraceId()).ToArray();
        var starts = new[] { 30, 10, 50, 20, 40 };
        await AppendAsync(store, [.. ids.Select((id, i) => TestSpans.Create(service, null, id, startTimeUnixNano: s_t0 + (starts[i] * Ms)))]);

        var all = await store.GetTracesAsync(service, null, 100, CancellationToken.None).WithTimeout();
        var limited = await store.GetTracesAsync(service, null, 3, CancellationToken.None).WithTimeout();

        Assert.Equal([ids[2], ids[4], ids[0], ids[3], ids[1]], all.Select(t => t.TraceId));
        Assert.Equal([ids[2], ids[4], ids[0]], limited.Select(t => t.TraceId));
    }
}
