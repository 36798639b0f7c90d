using Microsoft.AspNetCore.Http.Connections;

namespace Qyl.Client;

/// <summary>The SignalR hub protocol a <see cref="QylClient"/> speaks.</summary>
public enum QylProtocol
{
    /// <summary>JSON text frames (the default; readable in a network trace).</summary>
    Json,

    /// <summary>MessagePack binary frames (smaller and faster to parse).</summary>
    MessagePack,
}

/// <summary>How a <see cref="QylClient"/> connects and recovers.</summary>
public sealed class QylClientOptions
{
    /// <summary>The hub's base URL (<c>http://127.0.0.1:5100</c>); the hub path and the query API are resolved against it.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The hub protocol.</summary>
    public QylProtocol Protocol { get; init; } = QylProtocol.Json;

    /// <summary>One forced transport, or null to negotiate WebSockets, then SSE, then long polling.</summary>
    public HttpTransportType? Transport { get; init; }

    /// <summary>When set, sent as <c>Authorization: Bearer</c> on the hub connection and the query API.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Waits between connection attempts: attempt n waits entry n, and the last entry repeats for
    /// ever, so the client never gives up on a hub that is down or restarting.
    /// </summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; init; } =
        [TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    /// <summary>
    /// Spans buffered per subscription between the SignalR receive loop and the consumer. When it is
    /// full the receive loop waits (backpressure, see <see cref="QylClient"/>).
    /// </summary>
    public int BufferCapacity { get; init; } = 10_000;

    /// <summary>Page size of <c>GET /api/v1/spans</c> during backfill.</summary>
    public int BackfillPageSize { get; init; } = 500;

    /// <summary>Bound on every hub invocation and query API request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before attempt <paramref name="attempt"/> (0-based).</summary>
    internal TimeSpan DelayFor(int attempt) =>
        ReconnectDelays.Count == 0 ? TimeSpan.FromSeconds(1) : ReconnectDelays[Math.Min(attempt, ReconnectDelays.Count - 1)];

    internal void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"BaseUrl must be an absolute http:// or https:// URL; it is '{BaseUrl}'.", nameof(BaseUrl));
        }
        if (BufferCapacity < 1)
        {
            throw new ArgumentException($"BufferCapacity must be at least 1; it is {BufferCapacity}.", nameof(BufferCapacity));
        }
        if (BackfillPageSize < 1)
        {
            throw new ArgumentException($"BackfillPageSize must be at least 1; it is {BackfillPageSize}.", nameof(BackfillPageSize));
        }
    }
}
