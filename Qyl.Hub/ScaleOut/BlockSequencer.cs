// The order every instance hands spans to its fan-out in.
//
// Clients de-duplicate by a seq watermark: a span below one already delivered on a subscription
// counts as a duplicate and is lost. So each instance must hand spans to its SpanFanout in strictly
// ascending seq order across the spans of ALL instances, although they arrive from two places (the
// local writer, and Redis for everyone else's) in no particular order.
//
// The order comes from the PostgreSQL block chain: every write, on any instance, takes the next
// contiguous block of seqs under one row lock, so the blocks form a chain (next.FirstSeq ==
// prev.LastSeq + 1) and a block exists only after every block before it was committed or rolled back.
// This sequencer keeps W, the last seq handed out. A block starting at W + 1 goes out at once, then
// every waiting block that now connects. A block at or below W is one already handed out (an echo, or
// spans read from the store first) and is ignored. A block beyond W + 1 waits for the missing ones;
// if they do not come within Qyl:ScaleOut:HoleWaitMilliseconds, or Redis is down, the hole is read
// from the store: the waiting block proves that everything before it is settled, so the store holds
// exactly the hole's committed spans (seqs it does not hold were rolled back or duplicates). With no
// block for Qyl:ScaleOut:CatchUpIntervalMilliseconds the store is read after W: a reader always sees
// a prefix of the seq order (commit order is seq order), so what it returns is final. That brings
// other instances' spans while Redis is down or after a lost pub/sub message, late but complete.
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.ScaleOut;

/// <summary>Hands blocks from this instance and from Redis to the fan-out in one gapless seq order.</summary>
internal sealed partial class BlockSequencer : BackgroundService
{
    private readonly Channel<SequencedBlock> _incoming = Channel.CreateUnbounded<SequencedBlock>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    // Keyed by FirstSeq; the value keeps when the block arrived (a hole is known since then).
    private readonly SortedList<long, (SequencedBlock Block, long ArrivedAt)> _waiting = [];
    private readonly ISpanStore _store;
    private readonly ILogStore _logs;
    private readonly ISharedSeqStore _chain;
    private readonly ITelemetryBroadcaster _output;
    private readonly ScaleOutOptions _options;
    private readonly ScaleOutMetrics _metrics;
    private readonly ILogger<BlockSequencer> _logger;
    private readonly TimeSpan _holeWait;
    private readonly TimeSpan _catchUpInterval;
    // W: the last seq handed to the fan-out; -1 until read from the store at start.
    private long _handedOut = -1;
    private long _waitingSince;
    private long _lastActivity;
    private long _retryAfter;
    private volatile bool _relayConnected;

    public BlockSequencer(
        ISpanStore store,
        ILogStore logs,
        ISharedSeqStore chain,
        ITelemetryBroadcaster output,
        IOptions<ScaleOutOptions> options,
        ScaleOutMetrics metrics,
        ILogger<BlockSequencer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _logs = logs;
        _chain = chain;
        _output = output;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _holeWait = TimeSpan.FromMilliseconds(_options.HoleWaitMilliseconds);
        _catchUpInterval = TimeSpan.FromMilliseconds(_options.CatchUpIntervalMilliseconds);
        _lastActivity = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// True while Redis delivers other instances' blocks; when false a hole is read from the store at
    /// once instead of waiting for blocks that cannot come.
    /// </summary>
    public bool RelayConnected
    {
        get => _relayConnected;
        set => _relayConnected = value;
    }

    /// <summary>The last seq handed to the fan-out (-1 before start); for diagnostics and tests.</summary>
    public long HandedOutSeq => Volatile.Read(ref _handedOut);

    /// <summary>Queues a block, local or relayed; never blocks (the local writer calls it under its write lock).</summary>
    public void Offer(SequencedBlock block) => _incoming.Writer.TryWrite(block);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartChainAsync(stoppingToken).ConfigureAwait(false);
            while (true)
            {
                var due = NextWakeUp();
                if (due > TimeSpan.Zero)
                {
                    await WaitForBlocksAsync(due, stoppingToken).ConfigureAwait(false);
                }
                while (_incoming.Reader.TryRead(out var block))
                {
                    Accept(block);
                }
                HandOutConnected();
                if (Stopwatch.GetTimestamp() < _retryAfter)
                {
                    continue;
                }
                if (_waiting.Count > 0)
                {
                    if (!_relayConnected || Stopwatch.GetElapsedTime(_waitingSince) >= _holeWait)
                    {
                        await ReadStoreAsync(_waiting.Keys[0] - 1, ScaleOutMetrics.HoleRead, stoppingToken).ConfigureAwait(false);
                    }
                }
                else if (Stopwatch.GetElapsedTime(_lastActivity) >= _catchUpInterval)
                {
                    await ReadStoreAsync(long.MaxValue, ScaleOutMetrics.CatchUpRead, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private TimeSpan NextWakeUp()
    {
        TimeSpan due;
        if (_waiting.Count > 0)
        {
            due = _relayConnected ? _holeWait - Stopwatch.GetElapsedTime(_waitingSince) : TimeSpan.Zero;
        }
        else
        {
            due = _catchUpInterval - Stopwatch.GetElapsedTime(_lastActivity);
        }
        var retry = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _retryAfter);
        return retry > due ? retry : due;
    }

    private async Task WaitForBlocksAsync(TimeSpan due, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(due);
        try
        {
            await _incoming.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Accept(SequencedBlock block)
    {
        if (_handedOut >= 0 && block.LastSeq <= _handedOut)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        if (_waiting.Count == 0)
        {
            _waitingSince = now;
        }
        _waiting.TryAdd(block.FirstSeq, (block, now));
    }

    /// <summary>Hands out every waiting block that follows W without a hole.</summary>
    private void HandOutConnected()
    {
        if (_handedOut < 0)
        {
            return;
        }
        var handedOutAny = false;
        while (_waiting.Count > 0 && _waiting.Keys[0] <= _handedOut + 1)
        {
            var block = _waiting.Values[0].Block;
            _waiting.RemoveAt(0);
            HandOut(block.Spans, block.Logs, block.LastSeq);
            handedOutAny = true;
        }
        if (handedOutAny && _waiting.Count > 0)
        {
            // The hole before the new head is known since the earliest arrival of a block after it.
            _waitingSince = _waiting.Values.Min(w => w.ArrivedAt);
        }
    }

    /// <summary>
    /// Hands the records above W to the fan-out as one block from W + 1 to <paramref name="lastSeq"/>
    /// and moves W there.
    /// </summary>
    private void HandOut(IReadOnlyList<SpanRecord> spans, IReadOnlyList<LogRecord> logs, long lastSeq)
    {
        if (lastSeq <= _handedOut)
        {
            return;
        }
        var watermark = _handedOut;
        if (spans.Count > 0 && spans[0].Seq <= watermark)
        {
            spans = [.. spans.Where(s => s.Seq > watermark)];
        }
        if (logs.Count > 0 && logs[0].Seq <= watermark)
        {
            logs = [.. logs.Where(l => l.Seq > watermark)];
        }
        if (spans.Count > 0 || logs.Count > 0)
        {
            _output.Publish(new SequencedBlock(watermark + 1, lastSeq, spans, logs));
        }
        Volatile.Write(ref _handedOut, lastSeq);
        _lastActivity = Stopwatch.GetTimestamp();
    }
}
