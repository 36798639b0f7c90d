using Qyl.Bench.Infrastructure;

namespace Qyl.Bench.Scenarios;

/// <summary>What <c>fanout</c> and <c>connections</c> read from each subscriber, whichever client it uses.</summary>
public interface IBenchSubscriber : IAsyncDisposable
{
    /// <summary>End-to-end latencies of spans sent after <see cref="StartMeasuring"/>.</summary>
    LatencyRecorder Latency { get; }

    /// <summary>Span messages received, duplicates included.</summary>
    long Received { get; }

    /// <summary>Distinct seqs received.</summary>
    long Unique { get; }

    /// <summary>Spans received again under a seq already seen.</summary>
    long Duplicates { get; }

    /// <summary>Spans the server reported dropped for this client.</summary>
    long Dropped { get; }

    /// <summary>Span-carrying hub messages received (Spans or Span), or 0 when the client cannot see them.</summary>
    long MessagesReceived { get; }

    /// <summary>Bytes of hub messages received (WebSocket payloads), or 0 when the client cannot see them.</summary>
    long BytesReceived { get; }

    /// <summary>Latency is recorded for spans sent from now on (warm-up excluded).</summary>
    void StartMeasuring(long fromTimestamp);

    /// <summary>Tells the server the client is alive (a raw client has no timer of its own).</summary>
    ValueTask PingAsync(CancellationToken cancellationToken);
}
