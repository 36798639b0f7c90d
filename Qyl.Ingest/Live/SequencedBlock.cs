using Qyl.Contracts;

namespace Qyl.Ingest.Live;

/// <summary>
/// What one store write hands to the live path: the whole block of seqs the write took,
/// <see cref="FirstSeq"/> to <see cref="LastSeq"/>, and the records stored under them. Spans and log
/// records take seqs from the same sequence, so one block can carry both and one cursor orders them.
/// </summary>
/// <remarks>
/// Every store passes one to <c>onSequenced</c>. On a store whose seqs form one chain of contiguous
/// blocks shared by every process on it (PostgreSQL, <see cref="Storage.ISharedSeqStore"/>) the next
/// block anywhere starts at <c>LastSeq + 1</c>, so a hub that receives blocks from several instances
/// can tell whether it has seen everything before a seq (ScaleOut/BlockSequencer). The records may be
/// fewer than the block (duplicates take a seq but are not stored), and a block may hold none: a
/// rolled-back or all-duplicate write still says which seqs are settled.
/// </remarks>
public sealed class SequencedBlock
{
    /// <summary>
    /// Creates a block; <paramref name="spans"/> and <paramref name="logs"/> each ascend by seq within
    /// [<paramref name="firstSeq"/>, <paramref name="lastSeq"/>]. <c>lastSeq = firstSeq - 1</c> is a
    /// block of no seqs.
    /// </summary>
    public SequencedBlock(long firstSeq, long lastSeq, IReadOnlyList<SpanRecord> spans, IReadOnlyList<LogRecord>? logs = null)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastSeq, firstSeq - 1);
        FirstSeq = firstSeq;
        LastSeq = lastSeq;
        Spans = spans;
        Logs = logs ?? [];
    }

    /// <summary>The first seq of the block.</summary>
    public long FirstSeq { get; }

    /// <summary>The last seq of the block.</summary>
    public long LastSeq { get; }

    /// <summary>The stored spans of the block, ascending by seq.</summary>
    public IReadOnlyList<SpanRecord> Spans { get; }

    /// <summary>The stored log records of the block, ascending by seq; empty when the write held none.</summary>
    public IReadOnlyList<LogRecord> Logs { get; }

    /// <summary>True when the block carries no record (its seqs are settled but hold nothing to deliver).</summary>
    public bool IsEmpty => Spans.Count == 0 && Logs.Count == 0;
}
