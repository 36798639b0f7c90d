using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.Postgres;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Postgres;

/// <summary>What is specific to PostgreSQL: migrations, exact read-back, idempotency, seqs across instances, retention.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSpanStoreBasicTests(PostgresFixture postgres) : FreshDatabaseTests(postgres)
{
    private PostgresSpanStore NewStore() => new(ConnectionString, NullLogger<PostgresSpanStore>.Instance);

    [Fact]
    public async Task EnsureSchemaAsync_ManyInstancesAtOnce_MigratesOnce()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => NewStore()).ToList();
        await Task.WhenAll(stores.Select(s => s.EnsureSchemaAsync(CancellationToken.None))).WithTimeout(Timeouts.Long);

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().WithTimeout();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM qyl_schema_version", connection);
        Assert.Equal((long)PostgresSchema.LatestVersion, await command.ExecuteScalarAsync().WithTimeout());
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task AppendAsync_ThenRead_ReturnsRecordExactlyWithAttributeValues()
    {
        await using var store = NewStore();
        var span = TestSpans.Create(serviceName: "checkout", sessionId: "s1", genAi: true) with
        {
            StatusMessage = "fine",
            ScopeName = "scope",
            Attributes = new() { ["s"] = "v", ["i"] = 42L, ["d"] = 1.5, ["b"] = true, ["a"] = new object?[] { "x", 1L }, ["n"] = null },
            ResourceAttributes = new() { ["service.version"] = "1.0" },
            Events = [new SpanEventRecord { Name = "e", TimeUnixNano = 7, Attributes = new() { ["k"] = 3L } }],
        };
        IReadOnlyList<SpanRecord>? live = null;
        await store.AppendAsync([span], b => live = b.Spans, CancellationToken.None).WithTimeout();

        var read = Assert.Single(await store.ReadAfterAsync(0, SpanFilter.All, 10, CancellationToken.None).WithTimeout());
        Assert.Equal(Assert.Single(live!).Seq, read.Seq);
        Assert.Equal(SpanRecordJson.Serialize(span with { Seq = read.Seq }), SpanRecordJson.Serialize(read));
        Assert.Equal(typeof(long), read.Attributes["i"]?.GetType());
        Assert.Equal(42L, read.Attributes["i"]);
        Assert.Equal(1.5, read.Attributes["d"]);
        Assert.Equal(true, read.Attributes["b"]);
        Assert.Equal(new object?[] { "x", 1L }, (object?[])read.Attributes["a"]!);
        Assert.Equal(3L, read.Events[0].Attributes["k"]);
    }

    [Fact]
    public async Task AppendAsync_SameSpanFromTwoInstances_StoredOnceAndNotBroadcastAgain()
    {
        await using var a = NewStore();
        await using var b = NewStore();
        var span = TestSpans.Create();
        var first = await a.AppendAsync([span, span], null, CancellationToken.None).WithTimeout();
        var published = 0;
        var second = await b.AppendAsync([span], b => published += b.Spans.Count, CancellationToken.None).WithTimeout();

        Assert.Equal((1, 1), (first.Stored, first.Duplicates));
        Assert.Equal((0, 1), (second.Stored, second.Duplicates));
        Assert.Equal(0, published);
        Assert.Single(await b.ReadAfterAsync(0, SpanFilter.All, 10, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AppendAsync_NewSpans_HandsContiguousSeqsInBatchOrder()
    {
        await using var store = NewStore();
        var spans = Enumerable.Range(0, 50).Select(_ => TestSpans.Create()).ToList();
        IReadOnlyList<SpanRecord> sequenced = [];

        var result = await store.AppendAsync(spans, b => sequenced = b.Spans, CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(50, 0), result);
        Assert.Equal(spans.Select(s => s.SpanId), sequenced.Select(s => s.SpanId));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => sequenced[0].Seq + i), sequenced.Select(s => s.Seq));
        var read = await store.ReadAfterAsync(0, SpanFilter.All, 100, CancellationToken.None).WithTimeout();
        Assert.Equal(sequenced.Select(s => (s.Seq, s.SpanId)), read.Select(s => (s.Seq, s.SpanId)));
    }

    [Fact]
    public async Task AppendAsync_AfterABatchWithARetriedSpan_NextBatchStoredAboveIt()
    {
        await using var store = NewStore();
        var retried = TestSpans.Create();
        await store.AppendAsync([retried], null, CancellationToken.None).WithTimeout();
        var mixed = new[] { TestSpans.Create(), retried, TestSpans.Create() };
        var next = TestSpans.Create();
        var handed = new List<SpanRecord>();

        var mixedResult = await store.AppendAsync(mixed, b => handed.AddRange(b.Spans), CancellationToken.None).WithTimeout();
        var nextResult = await store.AppendAsync([next], b => handed.AddRange(b.Spans), CancellationToken.None).WithTimeout();

        Assert.Equal((new AppendResult(2, 1), new AppendResult(1, 0)), (mixedResult, nextResult));
        Assert.Equal([mixed[0].SpanId, mixed[2].SpanId, next.SpanId], handed.Select(s => s.SpanId));
        Assert.True(handed[0].Seq < handed[1].Seq && handed[1].Seq < handed[2].Seq);
        var read = await store.ReadAfterAsync(0, SpanFilter.All, 10, CancellationToken.None).WithTimeout();
        Assert.Equal([retried.SpanId, .. handed.Select(s => s.SpanId)], read.Select(s => s.SpanId));
        Assert.Equal(handed.Select(s => s.Seq), read.Skip(1).Select(s => s.Seq));
    }

    [Fact]
    public async Task AppendAsync_NewInstanceOnSameDatabase_IssuesSeqsAboveEveryEarlierOne()
    {
        long last;
        await using (var before = NewStore())
        {
            await before.AppendAsync([TestSpans.Create(), TestSpans.Create()], null, CancellationToken.None).WithTimeout();
            last = (await before.ReadAfterAsync(0, SpanFilter.All, 10, CancellationToken.None).WithTimeout())[^1].Seq;
        }
        await using var after = NewStore();
        IReadOnlyList<SpanRecord>? sequenced = null;
        await after.AppendAsync([TestSpans.Create()], b => sequenced = b.Spans, CancellationToken.None).WithTimeout();
        Assert.True(Assert.Single(sequenced!).Seq > last);
    }

    [Fact]
    public async Task RemoveOlderThanAsync_OldSpans_RemovedInBatchesAndRetainedAfterSeqRaised()
    {
        await using var store = NewStore();
        Assert.Equal(0, await store.GetRetainedAfterSeqAsync(CancellationToken.None));
        var old = Enumerable.Range(0, 25).Select(i => TestSpans.Create(startTimeUnixNano: 1_000 + i)).ToList();
        var recent = TestSpans.Create(startTimeUnixNano: 5_000_000);
        await store.AppendAsync([.. old, recent], null, CancellationToken.None).WithTimeout();
        var all = await store.ReadAfterAsync(0, SpanFilter.All, 100, CancellationToken.None).WithTimeout();

        var removed = await store.RemoveOlderThanAsync(1_000_000, batchSize: 4, CancellationToken.None).WithTimeout();

        Assert.Equal(25, removed);
        var left = Assert.Single(await store.ReadAfterAsync(0, SpanFilter.All, 100, CancellationToken.None).WithTimeout());
        Assert.Equal(recent.SpanId, left.SpanId);
        Assert.Equal(all.Where(s => s.SpanId != recent.SpanId).Max(s => s.Seq), await store.GetRetainedAfterSeqAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Queries_MixedSpans_MatchEmbeddedStoreSemantics()
    {
        await using var store = NewStore();
        var trace = TestSpans.NewTraceId();
        var root = TestSpans.Create(serviceName: "api", traceId: trace, name: "root", startTimeUnixNano: 1_000_000_000);
        var child = TestSpans.Create(serviceName: "llm", sessionId: "sess", traceId: trace, genAi: true, status: SpanStatuses.Error,
            parentSpanId: root.SpanId, startTimeUnixNano: 1_001_000_000);
        var other = TestSpans.Create(serviceName: "llm", sessionId: "sess", genAi: true, startTimeUnixNano: 2_000_000_000);
        await store.AppendAsync([child, root, other], null, CancellationToken.None).WithTimeout();

        var services = await store.GetServicesAsync(CancellationToken.None).WithTimeout();
        Assert.Equal(["api", "llm"], services.Select(s => s.ServiceName));
        Assert.Equal(2, services[1].SpanCount);

        var session = Assert.Single(await store.GetSessionsAsync("llm", 10, CancellationToken.None).WithTimeout());
        Assert.Equal(new SessionSummary("sess", "llm", 2, 2, child.StartTimeUnixNano, other.EndTimeUnixNano!.Value, 20, 40, 1, 0, 2), session);
        Assert.Empty(await store.GetSessionsAsync("api", 10, CancellationToken.None).WithTimeout());

        var traces = await store.GetTracesAsync(null, null, 10, CancellationToken.None).WithTimeout();
        Assert.Equal([other.TraceId, trace], traces.Select(t => t.TraceId));
        Assert.Equal(new TraceSummary(trace, "root", "api", "sess", root.StartTimeUnixNano, 6, 2, 1, 0, 1), traces[1]);
        Assert.Equal([trace], (await store.GetTracesAsync("api", null, 10, CancellationToken.None).WithTimeout()).Select(t => t.TraceId));

        var detail = await store.GetTraceAsync(trace.ToUpperInvariant(), CancellationToken.None).WithTimeout();
        Assert.Equal([child.SpanId, root.SpanId], detail!.Spans.Select(s => s.SpanId));
        Assert.Null(await store.GetTraceAsync(TestSpans.NewTraceId(), CancellationToken.None).WithTimeout());

        var genAi = await store.ReadAfterAsync(0, new SpanFilter { GenAiOnly = true, TraceId = trace.ToUpperInvariant() }, 10, CancellationToken.None).WithTimeout();
        Assert.Equal([child.SpanId], genAi.Select(s => s.SpanId));
    }
}
