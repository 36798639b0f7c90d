using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>Log records: one sequence with spans, the live block, filters, trace look-up, restarts.</summary>
public abstract partial class SpanStoreSpecification
{
    /// <summary>Appends <paramref name="logs"/> and returns the block handed to onSequenced.</summary>
    protected static async Task<SequencedBlock> AppendLogsAsync(ISpanStore store, params LogRecord[] logs)
    {
        SequencedBlock? block = null;
        var stored = await ((ILogStore)store).AppendLogsAsync(logs, b => block = b, CancellationToken.None).WithTimeout();
        Assert.NotNull(block);
        Assert.Equal(block.Logs.Count, stored);
        return block;
    }

    /// <summary>Every stored record matching the arguments, in seq order.</summary>
    protected static Task<IReadOnlyList<LogRecord>> ReadLogsAsync(ISpanStore store, SpanFilter filter, string? spanId = null, long afterSeq = 0, int limit = 10_000) =>
        ((ILogStore)store).ReadLogsAfterAsync(afterSeq, filter, spanId, limit, CancellationToken.None).WithTimeout();

    [Fact]
    public async Task AppendLogsAsync_BetweenSpanWrites_SeqsFromTheSpansSequence()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");

        var before = await AppendAsync(store, TestSpans.Create(service), TestSpans.Create(service));
        var block = await AppendLogsAsync(store, TestLogs.Create(service), TestLogs.Create(service), TestLogs.Create(service));
        var after = await AppendAsync(store, TestSpans.Create(service));

        Assert.Empty(block.Spans);
        Assert.Equal(3, block.Logs.Count);
        AssertStrictlyIncreasing(block.Logs.Select(l => l.Seq));
        Assert.Equal(block.FirstSeq, block.Logs[0].Seq);
        Assert.Equal(block.LastSeq, block.Logs[^1].Seq);
        Assert.True(block.FirstSeq > before[^1].Seq);
        Assert.True(after[0].Seq > block.LastSeq);
        var stored = await ReadLogsAsync(store, new SpanFilter { ServiceName = service });
        Assert.Equal(block.Logs.Select(l => l.Seq), stored.Select(l => l.Seq));
    }

    [Fact]
    public async Task AppendLogsAsync_EveryField_ReadBackAsWritten()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var traceId = TestSpans.NewTraceId();
        var log = TestLogs.Create(service, sessionId: Unique("s"), traceId: traceId, spanId: "00f067aa0ba902b7", eventName: "gen_ai.user.message",
            body: new Dictionary<string, object?> { ["content"] = "hi", ["n"] = 2L, ["x"] = 1.5, ["ok"] = true, ["parts"] = new object?[] { "a", null } }) with
        {
            SeverityNumber = 17,
            SeverityText = "Error",
            Attributes = new() { ["gen_ai.system"] = "openai", ["count"] = 3L, ["ratio"] = 0.25, ["flag"] = false, ["tags"] = new object?[] { "x", 1L } },
        };

        var block = await AppendLogsAsync(store, log);
        var read = Assert.Single(await ReadLogsAsync(store, new SpanFilter { ServiceName = service }));

        Assert.Equal(log with { Seq = block.Logs[0].Seq }, read, LogComparer.Instance);
        Assert.Equal(block.Logs[0], read, LogComparer.Instance);
        // Values come back as the decoders' types, not JSON elements or re-typed numbers.
        Assert.IsType<long>(read.Attributes["count"]);
        Assert.IsType<double>(read.Attributes["ratio"]);
        Assert.IsType<Dictionary<string, object?>>(read.Body);
        Assert.Equal(new object?[] { "a", null }, ((Dictionary<string, object?>)read.Body!)["parts"]);
    }

    [Fact]
    public async Task ReadLogsAfterAsync_EachFilter_KeepsOnlyMatchingRecords()
    {
        var store = await NewStoreAsync();
        var serviceA = Unique("a");
        var serviceB = Unique("b");
        var session = Unique("s");
        var trace = TestSpans.NewTraceId();
        var plain = TestLogs.Create(serviceA);
        var inSession = TestLogs.Create(serviceA, sessionId: session);
        var inTrace = TestLogs.Create(serviceB, traceId: trace, spanId: "1111111111111111");
        var inTraceOtherSpan = TestLogs.Create(serviceB, traceId: trace, spanId: "2222222222222222", eventName: "gen_ai.choice");
        var genAiByAttribute = TestLogs.Create(serviceB) with { Attributes = new() { ["gen_ai.operation.name"] = "chat" } };
        await AppendLogsAsync(store, plain, inSession, inTrace, inTraceOtherSpan, genAiByAttribute);

        Assert.Equal(Bodies(plain, inSession), Bodies(await ReadLogsAsync(store, new SpanFilter { ServiceName = serviceA })));
        Assert.Equal(Bodies(inSession), Bodies(await ReadLogsAsync(store, new SpanFilter { SessionId = session })));
        Assert.Equal(Bodies(inTrace, inTraceOtherSpan), Bodies(await ReadLogsAsync(store, new SpanFilter { TraceId = trace.ToUpperInvariant() })));
        Assert.Equal(Bodies(inTraceOtherSpan), Bodies(await ReadLogsAsync(store, new SpanFilter { TraceId = trace }, "2222222222222222")));
        Assert.Equal(Bodies(inTraceOtherSpan), Bodies(await ReadLogsAsync(store, new SpanFilter { ServiceName = serviceB }, "2222222222222222")));
        Assert.Equal(Bodies(inTraceOtherSpan, genAiByAttribute), Bodies(await ReadLogsAsync(store, new SpanFilter { ServiceName = serviceB, GenAiOnly = true })));
        Assert.Empty(await ReadLogsAsync(store, new SpanFilter { ServiceName = serviceA, GenAiOnly = true }));

        static IEnumerable<object?> Bodies(params IEnumerable<LogRecord> logs) => logs.Select(l => l.Body);
    }

    [Fact]
    public async Task ReadLogsAfterAsync_AfterSeqAndLimit_PagesWithoutGapOrRepeat()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var block = await AppendLogsAsync(store, [.. Enumerable.Range(0, 25).Select(_ => TestLogs.Create(service))]);

        var pages = new List<LogRecord>();
        var after = 0L;
        while (true)
        {
            var page = await ReadLogsAsync(store, new SpanFilter { ServiceName = service }, afterSeq: after, limit: 10);
            if (page.Count == 0)
            {
                break;
            }
            Assert.True(page.Count <= 10);
            pages.AddRange(page);
            after = page[^1].Seq;
        }

        Assert.Equal(block.Logs.Select(l => l.Seq), pages.Select(l => l.Seq));
    }

    [Fact]
    public async Task GetTraceLogsAsync_RecordsOfTheTraceInSeqOrder_EmptyForUnknownTrace()
    {
        var store = await NewStoreAsync();
        var logStore = (ILogStore)store;
        var service = Unique("svc");
        var trace = TestSpans.NewTraceId();
        var first = await AppendLogsAsync(store, TestLogs.Create(service, traceId: trace), TestLogs.Create(service));
        var second = await AppendLogsAsync(store, TestLogs.Create(service, traceId: trace));

        var logs = await logStore.GetTraceLogsAsync(trace.ToUpperInvariant(), CancellationToken.None).WithTimeout();

        Assert.Equal([first.Logs[0].Seq, second.Logs[0].Seq], logs.Select(l => l.Seq));
        Assert.Empty(await logStore.GetTraceLogsAsync(TestSpans.NewTraceId(), CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AppendLogsAsync_RecordWithoutSession_TakesTheSessionOfItsStoredSpan()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var session = Unique("s");
        var span = TestSpans.Create(service, sessionId: session);
        await AppendAsync(store, span);

        var block = await AppendLogsAsync(store,
            TestLogs.Create(service, traceId: span.TraceId, spanId: span.SpanId),
            TestLogs.Create(service, traceId: span.TraceId, spanId: "7777777777777777"),
            TestLogs.Create(service, sessionId: "own", traceId: span.TraceId, spanId: span.SpanId));

        Assert.Equal([session, null, "own"], block.Logs.Select(l => l.SessionId));
        Assert.Equal([session, null, "own"], (await ReadLogsAsync(store, new SpanFilter { ServiceName = service })).Select(l => l.SessionId));
    }

    [Fact]
    public async Task AppendLogsAsync_SameRecordTwice_BothStored()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var log = TestLogs.Create(service);

        await AppendLogsAsync(store, log);
        await AppendLogsAsync(store, log with { Seq = 0 });

        Assert.Equal(2, (await ReadLogsAsync(store, new SpanFilter { ServiceName = service })).Count);
    }

    [Fact]
    public async Task GetLogsRetainedAfterSeqAsync_BelowEveryStoredRecord()
    {
        var store = await NewStoreAsync();
        var block = await AppendLogsAsync(store, TestLogs.Create(Unique("svc")));

        var retainedAfter = await ((ILogStore)store).GetLogsRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout();

        Assert.True(retainedAfter < block.FirstSeq);
    }

    [Fact]
    public async Task RestartStoreAsync_LogsDurableOrGoneBelowRetainedAfter_SeqsStillIncrease()
    {
        var store = await NewStoreAsync();
        var service = Unique("svc");
        var before = await AppendLogsAsync(store, TestLogs.Create(service));

        var restarted = await RestartAsync(store);
        var after = await AppendLogsAsync(restarted, TestLogs.Create(service));

        Assert.True(after.FirstSeq > before.LastSeq);
        var stored = await ReadLogsAsync(restarted, new SpanFilter { ServiceName = service });
        if (IsDurable)
        {
            Assert.Equal([before.FirstSeq, after.FirstSeq], stored.Select(l => l.Seq));
        }
        else
        {
            Assert.Equal([after.FirstSeq], stored.Select(l => l.Seq));
            Assert.True(await ((ILogStore)restarted).GetLogsRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout() >= before.LastSeq);
        }
    }
}
