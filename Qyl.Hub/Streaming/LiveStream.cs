namespace Qyl.Hub.Streaming;

/// <summary>
/// One subscription delivered to an in-process sink (<see cref="SpanFanout.OpenStream"/>): SSE uses
/// it, and so can anything else that waits for records matching a filter after a seq.
/// </summary>
internal sealed class LiveStream(SpanFanout fanout, StreamOutbox outbox, string key, string endpoint) : IDisposable
{
    /// <summary>The subscription key (canonical filter), as the sink's batches carry it.</summary>
    public string Key { get; } = key;

    /// <summary>Sends the replay, then live batches, Dropped notices and heartbeats, until cancelled or the sink fails.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => outbox.RunAsync(cancellationToken);

    /// <summary>Leaves the group and frees the outbox.</summary>
    public void Dispose() => fanout.CloseConnection(outbox.ConnectionId, endpoint);
}
