using System.ComponentModel.DataAnnotations;
using Qyl.Ingest.Configuration;

namespace Qyl.Hub.Hosting;

/// <summary>
/// Configuration section <c>Qyl:Limits</c>: SignalR and Kestrel limits set on purpose rather than
/// inherited. Each default says why it is what it is.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = QylConfigKeys.Limits;

    /// <summary>
    /// Largest message a hub client may send (<c>Qyl:Limits:MaxHubMessageBytes</c>). Clients only call
    /// Subscribe and Unsubscribe with a small filter, so 32 KiB (SignalR's default) is generous; a larger
    /// value would only let a client make the server buffer more.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Qyl:Limits:MaxHubMessageBytes must be between 1024 and 16777216.")]
    public long MaxHubMessageBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Seconds a new hub connection has to complete the handshake (<c>Qyl:Limits:HandshakeTimeoutSeconds</c>).
    /// 15 s (SignalR's default) tolerates slow networks but frees sockets that never speak.
    /// </summary>
    [Range(1, 300, ErrorMessage = "Qyl:Limits:HandshakeTimeoutSeconds must be between 1 and 300.")]
    public int HandshakeTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// Seconds between server pings on an idle hub connection (<c>Qyl:Limits:KeepAliveSeconds</c>).
    /// Keeps proxies and load balancers with 30-60 s idle timeouts from closing quiet feeds.
    /// </summary>
    [Range(1, 300, ErrorMessage = "Qyl:Limits:KeepAliveSeconds must be between 1 and 300.")]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>
    /// Seconds without anything from a client before the server drops it (<c>Qyl:Limits:ClientTimeoutSeconds</c>).
    /// Twice the clients' own 15 s ping, as SignalR advises, so one late ping is not a disconnect;
    /// a dead client's outbox is freed within this time.
    /// </summary>
    [Range(2, 600, ErrorMessage = "Qyl:Limits:ClientTimeoutSeconds must be between 2 and 600.")]
    public int ClientTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Most open connections per listener (<c>Qyl:Limits:MaxConnections</c>); 0 means no limit.
    /// Each subscriber costs a socket and an outbox, so an operator can cap them below the
    /// process's file-descriptor limit; unlimited by default because a local hub should not refuse its user.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "Qyl:Limits:MaxConnections must be between 0 (no limit) and 1000000.")]
    public int MaxConnections { get; set; }

    /// <summary>
    /// Seconds a client may take to send request headers (<c>Qyl:Limits:RequestHeadersTimeoutSeconds</c>).
    /// 30 s (Kestrel's default) guards against slow-loris senders holding sockets.
    /// </summary>
    [Range(1, 300, ErrorMessage = "Qyl:Limits:RequestHeadersTimeoutSeconds must be between 1 and 300.")]
    public int RequestHeadersTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Bytes SignalR buffers toward one client before a write waits (<c>Qyl:Limits:TransportMaxBufferBytes</c>).
    /// Past it the connection's outbox queues and, at Qyl:Streaming:MaxBacklogSpansPerConnection, drops with
    /// Dropped, which is the bound qyl promises; this buffer is only the handoff to the socket. 64 KiB
    /// (SignalR's default) keeps a few batches in flight to a healthy client; more would only hide a slow
    /// client from the outbox and hold more memory per connection. Nothing is allocated up front.
    /// </summary>
    [Range(4096, 16 * 1024 * 1024, ErrorMessage = "Qyl:Limits:TransportMaxBufferBytes must be between 4096 and 16777216.")]
    public long TransportMaxBufferBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Bytes SignalR buffers from one client before it stops reading it (<c>Qyl:Limits:ApplicationMaxBufferBytes</c>).
    /// Clients only send Subscribe, Unsubscribe and pings, so 32 KiB (one message of Qyl:Limits:MaxHubMessageBytes)
    /// is enough and caps what a misbehaving client can make the server hold; SignalR's default is 64 KiB.
    /// </summary>
    [Range(4096, 16 * 1024 * 1024, ErrorMessage = "Qyl:Limits:ApplicationMaxBufferBytes must be between 4096 and 16777216.")]
    public long ApplicationMaxBufferBytes { get; set; } = 32 * 1024;
}
