using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Ingest.Live;
using StackExchange.Redis;

namespace Qyl.Hub.ScaleOut;

/// <summary>
/// The broadcaster with <c>Qyl:Redis</c> set: every block this instance writes goes to the local
/// <see cref="BlockSequencer"/> at once and, in the background, to one Redis channel; blocks other
/// instances publish there go to the sequencer too.
/// </summary>
/// <remarks>
/// Why not SignalR's Redis backplane (<c>AddStackExchangeRedis</c>): it replaces the hub's lifetime
/// manager, and qyl's (<see cref="TelemetryHubLifetimeManager"/>) is what routes a group
/// send into bounded per-connection outboxes; the backplane would also relay every batch once per
/// group instead of each block once, and order nothing by seq. It would make the hub depend on
/// Redis for things that must keep working without it, too: its
/// lifetime manager subscribes to a Redis channel for every group join, and with Redis unreachable
/// (checked on 10.0.14) <c>Groups.AddToGroupAsync</c> hung for about 12 s and then the server closed
/// the connection, so Subscribe would fail. This relay is fire-and-forget instead: with Redis
/// down, ingest, hub connections and local live delivery are unaffected and other instances' spans
/// come from the store (<see cref="BlockSequencer"/>).
/// </remarks>
internal sealed class RedisSpanRelay : BackgroundService, ITelemetryBroadcaster
{
    private readonly Guid _instanceId = Guid.NewGuid();
    private readonly Channel<SequencedBlock> _outgoing;
    private readonly string _connectionString;
    private readonly BlockSequencer _sequencer;
    private readonly ScaleOutOptions _options;
    private readonly ScaleOutMetrics _metrics;
    private readonly ILogger<RedisSpanRelay> _logger;
    private readonly RedisChannel _channel;
    private ConnectionMultiplexer? _redis;
    private long _receivedBlocks;
    private volatile bool _subscribed;

    public RedisSpanRelay(
        string connectionString,
        BlockSequencer sequencer,
        IOptions<ScaleOutOptions> options,
        ScaleOutMetrics metrics,
        ILogger<RedisSpanRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = connectionString;
        _sequencer = sequencer;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _channel = RedisChannel.Literal(_options.Channel);
        // Dropping the oldest is safe: a block missing on Redis is a hole the others read from the store.
        _outgoing = Channel.CreateBounded<SequencedBlock>(new BoundedChannelOptions(_options.MaxPendingPublishes)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
    }

    /// <summary>This process's id in relay messages; its own blocks coming back from Redis are skipped.</summary>
    public Guid InstanceId => _instanceId;

    /// <summary>Blocks received from other instances since start (diagnostics and tests).</summary>
    public long ReceivedBlocks => Interlocked.Read(ref _receivedBlocks);

    /// <inheritdoc />
    public void Publish(SequencedBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _sequencer.Offer(block);
        _outgoing.Writer.TryWrite(block);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configuration = ConfigurationOptions.Parse(_connectionString);
        // Start and keep running without Redis; StackExchange.Redis reconnects by itself.
        configuration.AbortOnConnectFail = false;
        // Publishing while disconnected fails at once instead of queueing blocks nobody needs later.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "qyl-hub";
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        _redis = redis;
        redis.ConnectionFailed += (_, e) =>
        {
            _sequencer.RelayConnected = false;
            ScaleOutLog.RedisLost(_logger, e.ConnectionType.ToString(), e.Exception);
        };
        redis.ConnectionRestored += (_, e) =>
        {
            // The subscription connection carries the relayed blocks; it resubscribes on restore.
            if (e.ConnectionType == ConnectionType.Subscription && _subscribed)
            {
                _sequencer.RelayConnected = true;
            }
            ScaleOutLog.RedisRestored(_logger, e.ConnectionType.ToString());
        };
        await SubscribeAsync(redis, stoppingToken).ConfigureAwait(false);
        ScaleOutLog.Relaying(_logger, _options.Channel, _instanceId);
        await PublishLoopAsync(redis, stoppingToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_redis is { } redis)
        {
            await redis.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            await redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task SubscribeAsync(ConnectionMultiplexer redis, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(_channel, OnMessage).ConfigureAwait(false);
                _subscribed = true;
                _sequencer.RelayConnected = redis.IsConnected;
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                ScaleOutLog.SubscribeFailed(_logger, _options.Channel, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(_options.CatchUpIntervalMilliseconds), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        byte[]? bytes = value;
        if (bytes is null)
        {
            return;
        }
        try
        {
            var (instanceId, block) = RelayMessage.Decode(bytes);
            if (instanceId == _instanceId)
            {
                return;
            }
            _metrics.Received();
            Interlocked.Increment(ref _receivedBlocks);
            _sequencer.Offer(block);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or ArgumentException)
        {
            ScaleOutLog.BadMessage(_logger, bytes.Length, ex);
        }
    }

    private async Task PublishLoopAsync(ConnectionMultiplexer redis, CancellationToken stoppingToken)
    {
        var subscriber = redis.GetSubscriber();
        try
        {
            await foreach (var block in _outgoing.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!redis.IsConnected)
                {
                    continue;
                }
                try
                {
                    await subscriber.PublishAsync(_channel, RelayMessage.Encode(_instanceId, block), CommandFlags.FireAndForget).ConfigureAwait(false);
                    _metrics.Published();
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    ScaleOutLog.PublishFailed(_logger, block.Spans.Count, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
