using Qyl.Contracts;

namespace Qyl.Ingest.Pipeline;

/// <summary>How a store hands sequenced log records to the live path.</summary>
internal static class LiveLogs
{
    /// <summary>
    /// Hands the block a log write took, <paramref name="firstSeq"/> to <paramref name="lastSeq"/>,
    /// to <paramref name="onSequenced"/>. The block always goes, even when the live path cannot carry
    /// the records themselves yet: hubs relaying on a shared seq chain wait for every block, and a
    /// log write's block missing from the chain would look like a hole.
    /// </summary>
    public static void Publish(Action<IReadOnlyList<SpanRecord>>? onSequenced, long firstSeq, long lastSeq, IReadOnlyList<LogRecord> logs) =>
        onSequenced?.Invoke(new SequencedBlock(firstSeq, lastSeq, []));
}
