using Qyl.Contracts;

namespace Qyl.Ingest.Pipeline;

/// <summary>
/// The live path out of ingest. Qyl.Ingest knows nothing of SignalR: Qyl.Hub implements this to
/// feed its hub groups and SSE streams.
/// </summary>
public interface ISpanBroadcaster
{
    /// <summary>
    /// Hands over newly sequenced spans, ascending by seq, once per batch. Must not block: the
    /// ingest writer calls it inline and a slow consumer must never delay ingest. A store whose seqs
    /// are shared by several processes passes a <see cref="SequencedBlock"/>, possibly empty.
    /// </summary>
    void Publish(IReadOnlyList<SpanRecord> spans);
}

/// <summary>A broadcaster with nobody listening, for hosts that only store.</summary>
public sealed class NullSpanBroadcaster : ISpanBroadcaster
{
    /// <inheritdoc />
    public void Publish(IReadOnlyList<SpanRecord> spans)
    {
    }
}
