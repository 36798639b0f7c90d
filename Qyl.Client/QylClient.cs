using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;

namespace Qyl.Client;

/// <summary>
/// A client of the qyl telemetry hub. It keeps one SignalR connection up for ever (retrying with
/// the <see cref="QylClientOptions.ReconnectDelays"/> table, also when the hub is down at start),
/// re-subscribes every subscription after each reconnect with the last seq it delivered, and
/// de-duplicates by seq, so a consumer sees every stored matching span exactly once across
/// disconnects and hub restarts. Spans the hub reports as dropped are fetched from the query API.
/// </summary>
/// <remarks>
/// Backpressure: each subscription has a bounded buffer (<see cref="QylClientOptions.BufferCapacity"/>).
/// When a consumer falls behind, the SignalR receive loop waits for room, which slows the socket;
/// the hub then drops for this connection and says so with <c>Dropped</c>, and the subscription
/// backfills that range from <c>GET /api/v1/spans</c>. All subscriptions of one client share the
/// receive loop, so use one client per independent consumer.
/// </remarks>
public sealed partial class QylClient : IAsyncDisposable
{
    private readonly QylClientOptions _options;
    private readonly HubConnection _connection;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribeGate = new(1, 1);
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _startLock = new();
    private Task? _loop;
    private volatile bool _ready;
    private int _disposed;

    /// <summary>Creates a client; nothing connects until <see cref="StartAsync"/> or the first subscription.</summary>
    public QylClient(QylClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        HubUrl = new Uri(baseUrl, TelemetryHubPaths.Hub.TrimStart('/'));
        _connection = BuildConnection(options, HubUrl);
        _connection.On<SpanBatch>(TelemetryHubPaths.SpansMethod, OnSpansAsync);
        _connection.On<DroppedNotice>(TelemetryHubPaths.DroppedMethod, OnDroppedAsync);
        _connection.On<LogBatch>(TelemetryHubPaths.LogsMethod, OnLogsAsync);
        _connection.Closed += OnClosedAsync;
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = options.RequestTimeout };
        if (options.ApiKey is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    /// <summary>The hub endpoint this client connects to.</summary>
    public Uri HubUrl { get; }

    /// <summary>The state of the connection right now.</summary>
    public QylConnectionState State { get; private set; } = QylConnectionState.Connecting;

    /// <summary>The SignalR connection id while connected, else null.</summary>
    public string? ConnectionId => _connection.ConnectionId;

    /// <summary>Raised on every change of <see cref="State"/> (from the connection loop; keep handlers short).</summary>
    public event EventHandler<QylConnectionStateChange>? StateChanged;

    /// <summary>Raised when the hub reports spans it did not deliver; the subscription backfills them itself.</summary>
    public event EventHandler<DroppedNotice>? Dropped;

    /// <summary>Raised when a backfill after a <see cref="Dropped"/> notice failed; the live stream goes on.</summary>
    public event EventHandler<Exception>? BackfillFailed;

    /// <summary>Test hook: rewrites the resume cursor on (re)subscribe, to make the hub replay spans already delivered.</summary>
    internal Func<long?, long?> ResumeCursorTransform { get; set; } = cursor => cursor;

    /// <summary>
    /// Starts the connection loop and waits for the first connection. Cancelling the wait leaves the
    /// loop retrying; dispose the client to stop it. Throws <see cref="QylUnauthorizedException"/>
    /// when the hub refuses the API key.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        EnsureLoopStarted();
        return _firstConnected.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Test hook: drops the connection as a network failure would; the loop reconnects and resumes.</summary>
    internal Task SimulateDisconnectAsync() => _connection.StopAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _disposeCts.CancelAsync();
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Items.Writer.TryComplete();
        }
        _subscriptions.Clear();
        try
        {
            using var stopCts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _connection.StopAsync(stopCts.Token);
        }
        catch (Exception)
        {
            // Best effort: the connection may be half-open or never started; disposal must not throw.
        }
        if (_loop is { } loop)
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await _connection.DisposeAsync();
        _http.Dispose();
        _subscribeGate.Dispose();
        _disposeCts.Dispose();
        _firstConnected.TrySetException(new ObjectDisposedException(nameof(QylClient)));
        SetState(QylConnectionState.Closed, 0, TimeSpan.Zero, null);
    }

    private static HubConnection BuildConnection(QylClientOptions options, Uri hubUrl)
    {
        var builder = new HubConnectionBuilder().WithUrl(hubUrl, http =>
        {
            if (options.Transport is { } transport)
            {
                http.Transports = transport;
            }
            if (options.ApiKey is { Length: > 0 } key)
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(key);
            }
        });
        if (options.Protocol == QylProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }
        else
        {
            // The contract's own metadata first: no reflection, and the same writer as the hub's.
            builder.AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, QylJsonContext.Default));
        }
        return builder.Build();
    }

    private void EnsureLoopStarted()
    {
        lock (_startLock)
        {
            _loop ??= Task.Run(() => RunAsync(_disposeCts.Token));
        }
    }

    private void SetState(QylConnectionState state, int attempt, TimeSpan delay, Exception? error)
    {
        State = state;
        StateChanged?.Invoke(this, new QylConnectionStateChange(state, attempt, delay, error));
    }
}
