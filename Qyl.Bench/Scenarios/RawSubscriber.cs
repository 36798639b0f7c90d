using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using MessagePack;
using Qyl.Bench.Infrastructure;
using Qyl.Bench.Otlp;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// A hub client that speaks just enough of SignalR's MessagePack protocol over one WebSocket
/// (skip-negotiate, handshake, Subscribe, ping) and skims each span for <c>seq</c> and the send
/// timestamp instead of deserializing whole records. The hub and the bench share two cores, and the
/// full .NET client spends several microseconds per span decoding records the bench never reads:
/// with 100 subscribers that was most of the machine, so latency measured the bench, not the hub.
/// Both hubs (qyl and the baseline) are measured with the same client; <c>--client signalr</c>
/// switches back to <see cref="Subscriber"/>.
/// </summary>
public sealed partial class RawSubscriber : IBenchSubscriber
{
    private static readonly byte[] s_handshake = "{\"protocol\":\"messagepack\",\"version\":1}\u001e"u8.ToArray();
    // Length prefix 2, then [6]: a ping message.
    private static readonly byte[] s_ping = [0x02, 0x91, 0x06];
    private static readonly byte[] s_sentKey = System.Text.Encoding.UTF8.GetBytes(OtlpRequestTemplate.SentTimestampAttribute);

    private readonly ClientWebSocket _socket;
    private readonly DeliveryTally _tally = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = new byte[4096];
    private int _buffered;
    private long _bytes;
    private long _messages;
    private Task _receiving = Task.CompletedTask;

    // Summary-view spans carry no attributes: their send time is looked up by trace id instead.
    private readonly bool _bySendTimes;

    private RawSubscriber(ClientWebSocket socket, bool bySendTimes)
    {
        _socket = socket;
        _bySendTimes = bySendTimes;
    }

    /// <inheritdoc />
    public LatencyRecorder Latency => _tally.Latency;

    /// <inheritdoc />
    public long Received => _tally.Received;

    /// <inheritdoc />
    public long Unique => _tally.Unique;

    /// <inheritdoc />
    public long Duplicates => _tally.Duplicates;

    /// <inheritdoc />
    public long Dropped => _tally.Dropped;

    /// <inheritdoc />
    public long BytesReceived => Interlocked.Read(ref _bytes);

    /// <inheritdoc />
    public long MessagesReceived => Interlocked.Read(ref _messages);

    /// <summary>Connects to <paramref name="hubUrl"/> over WebSockets and subscribes with <paramref name="filter"/>.</summary>
    public static async Task<RawSubscriber> ConnectAsync(Uri hubUrl, HttpMessageInvoker invoker, SpanFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);
        ArgumentNullException.ThrowIfNull(filter);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var subscriber = new RawSubscriber(socket, filter.IsSummary);
        try
        {
            var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
            await socket.ConnectAsync(ws, invoker, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            await socket.SendAsync(s_handshake, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            await subscriber.SendAsync(SubscribeMessage(filter), cancellationToken);
            subscriber._receiving = Task.Run(subscriber.ReceiveLoopAsync, CancellationToken.None);
            await subscriber._subscribed.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return subscriber;
        }
        catch (WebSocketException ex) when (ex.Message.Contains("404", StringComparison.Ordinal))
        {
            await subscriber.DisposeAsync();
            throw new DependencyMissingException($"{hubUrl} answered 404: the SignalR hub is not in this build.");
        }
        catch
        {
            await subscriber.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public void StartMeasuring(long fromTimestamp) => _tally.StartMeasuring(fromTimestamp);

    /// <inheritdoc />
    public async ValueTask PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(s_ping, cancellationToken);
        }
        catch (WebSocketException)
        {
            // Closed: the counts say so.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort on a loaded box; Dispose below closes the transport regardless.
        }
        _socket.Abort();
        try
        {
            await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Abort ends the receive; a loaded box may take a moment.
        }
        _socket.Dispose();
        _sendLock.Dispose();
        _stopping.Dispose();
    }

    private static byte[] SubscribeMessage(SpanFilter filter)
    {
        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        // [1 Invocation, headers, invocationId, target, arguments]
        writer.WriteArrayHeader(5);
        writer.Write(1);
        writer.WriteMapHeader(0);
        writer.Write("1");
        writer.Write(nameof(ITelemetryHub.Subscribe));
        writer.WriteArrayHeader(2);
        var fields = new List<(string, string)>();
        if (filter.ServiceName is { } service)
        {
            fields.Add(("serviceName", service));
        }
        if (filter.SessionId is { } session)
        {
            fields.Add(("sessionId", session));
        }
        if (filter.TraceId is { } trace)
        {
            fields.Add(("traceId", trace));
        }
        if (filter.View is { } view)
        {
            fields.Add(("view", view));
        }
        writer.WriteMapHeader(fields.Count);
        foreach (var (name, value) in fields)
        {
            writer.Write(name);
            writer.Write(value);
        }
        writer.WriteNil();
        writer.Flush();
        var framed = new byte[5 + body.WrittenCount];
        var prefix = WriteVarInt(framed, body.WrittenCount);
        body.WrittenSpan.CopyTo(framed.AsSpan(prefix));
        return framed[..(prefix + body.WrittenCount)];
    }

    private static int WriteVarInt(byte[] target, int value)
    {
        var i = 0;
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            target[i++] = value > 0 ? (byte)(b | 0x80) : b;
        }
        while (value > 0);
        return i;
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var handshakeDone = false;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                if (_buffered == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
                var result = await _socket.ReceiveAsync(_buffer.AsMemory(_buffered), _stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                _buffered += result.Count;
                Interlocked.Add(ref _bytes, result.Count);
                var now = Stopwatch.GetTimestamp();
                var consumed = 0;
                if (!handshakeDone)
                {
                    var end = Array.IndexOf(_buffer, (byte)0x1e, 0, _buffered);
                    if (end < 0)
                    {
                        continue;
                    }
                    handshakeDone = true;
                    consumed = end + 1;
                }
                consumed = ParseMessages(consumed, now);
                _buffer.AsSpan(consumed, _buffered - consumed).CopyTo(_buffer);
                _buffered -= consumed;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed or disposed: the counts say what arrived.
        }
        finally
        {
            _subscribed.TrySetException(new InvalidOperationException("The hub closed the connection before Subscribe completed."));
        }
    }
}
