namespace Qyl.Ingest.Live;

/// <summary>
/// The live path out of ingest. Qyl.Ingest knows nothing of SignalR: Qyl.Hub implements this to
/// feed its hub subscriptions and SSE streams (and, scaled out, the other instances).
/// </summary>
public interface ITelemetryBroadcaster
{
    /// <summary>
    /// Hands over one store write's block: its spans and log records, each ascending by seq, blocks in
    /// the order the writer stored them. Must not block: the ingest writer calls it inline (PostgreSQL:
    /// under its write lock) and a slow consumer must never delay ingest.
    /// </summary>
    void Publish(SequencedBlock block);
}

/// <summary>A broadcaster with nobody listening, for hosts that only store.</summary>
public sealed class NullTelemetryBroadcaster : ITelemetryBroadcaster
{
    /// <inheritdoc />
    public void Publish(SequencedBlock block)
    {
    }
}
