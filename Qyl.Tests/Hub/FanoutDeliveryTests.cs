using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Hub.Streaming;
using Qyl.Ingest;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

/// <summary>
/// The fan-out's delivery rules below the transports: an idle connection is written by the flusher
/// itself, a busy one queues behind its write in order, and a group hands out sealed batches oldest
/// first. End-to-end behaviour on real transports is in the other Hub tests.
/// </summary>
public sealed class FanoutDeliveryTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void EnqueueLive_IdleConnection_WrittenBeforeReturnWithNothingQueued()
    {
        var sink = new RecordingSink();
        var (outbox, subscription) = Open(sink);

        outbox.EnqueueLive(subscription, LiveBatch.Of(Batch(subscription.Key, 1, 2), 0));

        Assert.Equal(new[] { new[] { 1L, 2L } }, sink.Sent);
        Assert.Equal(0, outbox.BacklogSpans);
    }

    [Fact]
    public async Task EnqueueLive_TransportBusy_QueuesThenSendsInOrderWhenItFrees()
    {
        var sink = new RecordingSink();
        var (outbox, subscription) = Open(sink);
        var busy = sink.BlockNext();

        outbox.EnqueueLive(subscription, LiveBatch.Of(Batch(subscription.Key, 1), 0));
        outbox.EnqueueLive(subscription, LiveBatch.Of(Batch(subscription.Key, 2), 0));
        outbox.EnqueueLive(subscription, LiveBatch.Of(Batch(subscription.Key, 3, 4), 0));
        Assert.Equal(new[] { new[] { 1L } }, sink.Sent);
        Assert.Equal(3, outbox.BacklogSpans);

        busy.SetResult();
        await LiveTestExtensions.WaitUntilAsync(() => sink.Sent.Count == 3, because: "the queued batches to follow the write in flight");
        Assert.Equal(new[] { new[] { 1L }, new[] { 2L }, new[] { 3L, 4L } }, sink.Sent);
        Assert.Equal(0, outbox.BacklogSpans);

        // Idle again: the next batch is written inline once more.
        outbox.EnqueueLive(subscription, LiveBatch.Of(Batch(subscription.Key, 5), 0));
        Assert.Equal(4, sink.Sent.Count);
    }

    [Fact]
    public void TakeBatches_MoreThanMaxBatchSpans_MembersGetSealedBatchesOldestFirst()
    {
        var sink = new RecordingSink();
        var (_, subscription) = Open(sink);
        var group = new FanoutGroup(subscription.Key, maxBatchSpans: 2);
        group.Add(subscription);

        Assert.True(group.Append(Span(1), 0));
        for (var seq = 2; seq <= 5; seq++)
        {
            Assert.False(group.Append(Span(seq), 0));
        }
        Assert.Empty(sink.Sent);
        var taken = new List<LiveBatch>();
        group.TakeBatches(taken);
        foreach (var batch in taken)
        {
            group.Deliver(batch);
        }

        Assert.Equal(new[] { new[] { 1L, 2L }, new[] { 3L, 4L }, new[] { 5L } }, sink.Sent);
    }

    [Fact]
    public async Task Replay_SpansStoredBetweenSubscribeAndJoin_ReadAfterTheJoinSoNoneIsMissed()
    {
        var sink = new RecordingSink();
        var store = NewStore();
        await store.AppendAsync([.. Enumerable.Range(0, 5).Select(_ => TestSpans.Create())], null, CancellationToken.None);
        var outbox = new HubConnectionOutbox("c1", sink, new ReplaySources(store, store, 16), new HubMetrics(_services.GetRequiredService<IMeterFactory>()), new StreamingOptions(), NullLogger.Instance);
        var groups = new SubscriptionGroups(Options.Create(new StreamingOptions()));
        groups.AddConnection(outbox);

        // Queued, and its drain started, but not yet in its group: the replay must not read the store yet.
        var subscription = outbox.TryAdd(SpanFilter.All, 0, SubscriptionKind.Spans, out _)!;
        await Task.Delay(200);
        Assert.Empty(sink.Sent);
        // Stored and published while the subscription had no group: the live path cannot deliver these.
        await store.AppendAsync([.. Enumerable.Range(0, 5).Select(_ => TestSpans.Create())], null, CancellationToken.None);
        groups.Join(subscription);

        var stored = (await store.ReadAfterAsync(0, SpanFilter.All, 100, CancellationToken.None)).Select(s => s.Seq).ToList();
        await LiveTestExtensions.WaitUntilAsync(() => sink.Sent.Sum(b => b.Length) >= 10, because: "the replay to send all ten stored spans");
        Assert.Equal(stored, sink.Sent.SelectMany(b => b));
    }

    private InMemorySpanStore NewStore() =>
        new(Options.Create(new StorageOptions()), new IngestMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<InMemorySpanStore>.Instance);

    private (ConnectionOutbox Outbox, Subscription Subscription) Open(IOutboxSink sink)
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        var store = new InMemorySpanStore(Options.Create(new StorageOptions()), new IngestMetrics(factory), NullLogger<InMemorySpanStore>.Instance);
        var outbox = new HubConnectionOutbox("c1", sink, new ReplaySources(store, store, 16), new HubMetrics(factory), new StreamingOptions(), NullLogger.Instance);
        var subscription = outbox.TryAdd(SpanFilter.All, null, SubscriptionKind.Spans, out _)!;
        return (outbox, subscription);
    }

    private static SpanRecord Span(long seq) => TestSpans.Create() with { Seq = seq };

    private static SpanBatch Batch(string key, params long[] seqs) => new() { Key = key, Spans = [.. seqs.Select(Span)] };

    /// <summary>Records what was sent; can hold the next send open to play a busy transport.</summary>
    private sealed class RecordingSink : IOutboxSink
    {
        private readonly Lock _lock = new();
        private readonly List<long[]> _sent = [];
        private TaskCompletionSource? _block;

        public string Endpoint => "hub";

        public TimeSpan? HeartbeatInterval => null;

        public List<long[]> Sent
        {
            get
            {
                lock (_lock)
                {
                    return [.. _sent];
                }
            }
        }

        public TaskCompletionSource BlockNext() => _block = new TaskCompletionSource();

        public ValueTask SendSpansAsync(SpanBatch batch, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _sent.Add([.. batch.Spans.Select(s => s.Seq)]);
            }
            var block = Interlocked.Exchange(ref _block, null);
            return block is null ? ValueTask.CompletedTask : new ValueTask(block.Task);
        }

        public ValueTask SendLogsAsync(LogBatch batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public Task SendDroppedAsync(DroppedNotice notice, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendHeartbeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Abort()
        {
        }
    }
}
