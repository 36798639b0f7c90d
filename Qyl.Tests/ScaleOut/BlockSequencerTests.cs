using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Hub.ScaleOut;
using Qyl.Ingest.Live;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.ScaleOut;

/// <summary>The ordering rules of the sequencer, against a hand-written store and a recording output.</summary>
public sealed class BlockSequencerTests : IAsyncDisposable
{
    private readonly ChainSpanStore _store = new();
    private readonly RecordingBroadcaster _output = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private BlockSequencer? _sequencer;

    [Fact]
    public async Task Offer_BlocksOutOfOrder_HandedOutInSeqOrderWithoutStoreReads()
    {
        var sequencer = await StartAsync(holeWaitMilliseconds: 10_000, relayConnected: true);
        sequencer.Offer(Block(3, 4));
        sequencer.Offer(Block(5, 5));
        await Task.Delay(50);
        Assert.Empty(_output.Seqs);
        sequencer.Offer(Block(1, 2));

        await LiveTestExtensions.WaitUntilAsync(() => _output.Seqs.Count == 5, because: "five spans");
        Assert.Equal([1, 2, 3, 4, 5], _output.Seqs);
        Assert.Equal(0, _store.Reads);
    }

    [Fact]
    public async Task Offer_HoleNeverRelayed_ReadFromStoreAfterHoleWait()
    {
        _store.Commit(Span(1), Span(2));
        var sequencer = await StartAsync(holeWaitMilliseconds: 100, relayConnected: true);
        sequencer.Offer(Block(3, 4));

        await LiveTestExtensions.WaitUntilAsync(() => _output.Seqs.Count == 4, because: "the hole from the store, then the block");
        Assert.Equal([1, 2, 3, 4], _output.Seqs);
    }

    [Fact]
    public async Task Offer_HoleWithSpansAndLogs_BothReadFromStoreMergedBySeq()
    {
        _store.Commit(Span(1), Span(3));
        _store.CommitLogs(Log(2), Log(4));
        var sequencer = await StartAsync(holeWaitMilliseconds: 50, relayConnected: true);
        sequencer.Offer(new SequencedBlock(5, 6, [Span(6)], [Log(5)]));

        await LiveTestExtensions.WaitUntilAsync(() => _output.Seqs.Count == 6, because: "the hole's spans and logs, then the block");
        Assert.Equal([1, 2, 3, 4, 5, 6], _output.Seqs);
    }

    [Fact]
    public async Task Offer_RelayDisconnected_HoleReadAtOnce()
    {
        _store.Commit(Span(1));
        var sequencer = await StartAsync(holeWaitMilliseconds: 10_000, relayConnected: false);
        sequencer.Offer(Block(2, 2));

        await LiveTestExtensions.WaitUntilAsync(() => _output.Seqs.Count == 2, TimeSpan.FromSeconds(2), "the hole read without waiting");
        Assert.Equal([1, 2], _output.Seqs);
    }

    [Fact]
    public async Task Offer_RolledBackSeqsInHole_SkippedAfterHoleWait()
    {
        // Seqs 1-3 were taken by a write that rolled back: the store never holds them.
        var sequencer = await StartAsync(holeWaitMilliseconds: 50, relayConnected: true);
        sequencer.Offer(Block(4, 5));

        await LiveTestExtensions.WaitUntilAsync(() => _output.Seqs.Count == 2, because: "the block after the empty hole");
        Assert.Equal([4, 5], _output.Seqs);
        Assert.Equal(5, sequencer.HandedOutSeq);
    }

    [Fact]
    public async Task Offer_SameBlockTwiceAndEmptyBlock_EachSpanOnceAndChainContinues()
    {
        var sequencer = await StartAsync(holeWaitMilliseconds: 10_000, relayConnected: true);
        sequencer.Offer(Block(1, 2));
        sequencer.Offer(Block(1, 2));
        // Every span of 3-4 was a duplicate: the block is empty but still links the chain.
        sequencer.Offer(new SequencedBlock(3, 4, []));
        sequencer.Offer(Block(5, 5));

        await LiveTestExtensions.WaitUntilAsync(() => sequencer.HandedOutSeq == 5, because: "the chain to reach 5");
        Assert.Equal([1, 2, 5], _output.Seqs);
    }

    [Fact]
    public async Task CatchUp_NoBlocks_StoredSpansHandedOutAndLateBlockIgnored()
    {
        var sequencer = await StartAsync(holeWaitMilliseconds: 10_000, relayConnected: false, catchUpMilliseconds: 100);
        _store.Commit(Span(1), Span(2), Span(3));

        await LiveTestExtensions.WaitUntilAsync(() => _output.Seqs.Count == 3, because: "the catch-up read");
        sequencer.Offer(Block(2, 3));
        sequencer.Offer(Block(4, 4));
        await LiveTestExtensions.WaitUntilAsync(() => sequencer.HandedOutSeq == 4, because: "the next block");
        Assert.Equal([1, 2, 3, 4], _output.Seqs);
    }

    [Fact]
    public async Task Start_BlocksBeforeLastIssuedSeq_IgnoredAsHistory()
    {
        _store.LastIssued = 10;
        var sequencer = await StartAsync(holeWaitMilliseconds: 10_000, relayConnected: true);
        sequencer.Offer(Block(9, 10));
        sequencer.Offer(Block(11, 11));

        await LiveTestExtensions.WaitUntilAsync(() => sequencer.HandedOutSeq == 11, because: "the first block after start");
        Assert.Equal([11], _output.Seqs);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_sequencer is not null)
        {
            await _sequencer.StopAsync(CancellationToken.None).WithTimeout();
            _sequencer.Dispose();
        }
        await _services.DisposeAsync();
    }

    private async Task<BlockSequencer> StartAsync(int holeWaitMilliseconds, bool relayConnected, int catchUpMilliseconds = 60_000)
    {
        var options = Options.Create(new ScaleOutOptions { HoleWaitMilliseconds = holeWaitMilliseconds, CatchUpIntervalMilliseconds = catchUpMilliseconds });
        _sequencer = new BlockSequencer(_store, _store, _store, _output, options, new ScaleOutMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<BlockSequencer>.Instance)
        {
            RelayConnected = relayConnected,
        };
        await _sequencer.StartAsync(CancellationToken.None).WithTimeout();
        await LiveTestExtensions.WaitUntilAsync(() => _sequencer.HandedOutSeq >= 0, because: "the sequencer to start");
        return _sequencer;
    }

    private static SpanRecord Span(long seq) => TestSpans.Create() with { Seq = seq };

    private static LogRecord Log(long seq) => TestLogs.Create() with { Seq = seq };

    private static SequencedBlock Block(long first, long last) =>
        new(first, last, [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => Span(first + i))]);

    private sealed class RecordingBroadcaster : ITelemetryBroadcaster
    {
        private readonly ConcurrentQueue<long> _seqs = new();

        public List<long> Seqs => [.. _seqs];

        public void Publish(SequencedBlock block)
        {
            // A handed-out block covers its records: the fan-out trusts FirstSeq..LastSeq. Spans and
            // logs are recorded merged by seq, the order a subscriber of both would see.
            foreach (var seq in block.Spans.Select(s => s.Seq).Concat(block.Logs.Select(l => l.Seq)).Order())
            {
                Assert.InRange(seq, block.FirstSeq, block.LastSeq);
                _seqs.Enqueue(seq);
            }
        }
    }
}
