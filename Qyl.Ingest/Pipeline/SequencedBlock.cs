using System.Collections;
using Qyl.Contracts;

namespace Qyl.Ingest.Pipeline;

/// <summary>
/// Spans handed to the live path together with the whole block of seqs their write took,
/// <see cref="FirstSeq"/> to <see cref="LastSeq"/>. Stores whose seqs form one chain of contiguous
/// blocks shared by every process on them (PostgreSQL) pass this to <c>onSequenced</c>: the next
/// block anywhere starts at <c>LastSeq + 1</c>, so a hub that receives blocks from several instances
/// can tell whether it has seen everything before a seq. <see cref="Spans"/> may be fewer than the
/// block (duplicates take a seq but are not stored) and may be empty.
/// </summary>
public sealed class SequencedBlock : IReadOnlyList<SpanRecord>
{
    /// <summary>Creates a block; <paramref name="spans"/> ascend by seq within [first, last].</summary>
    public SequencedBlock(long firstSeq, long lastSeq, IReadOnlyList<SpanRecord> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastSeq, firstSeq - 1);
        FirstSeq = firstSeq;
        LastSeq = lastSeq;
        Spans = spans;
    }

    /// <summary>The first seq of the block.</summary>
    public long FirstSeq { get; }

    /// <summary>The last seq of the block.</summary>
    public long LastSeq { get; }

    /// <summary>The stored spans of the block, ascending by seq.</summary>
    public IReadOnlyList<SpanRecord> Spans { get; }

    /// <inheritdoc />
    public int Count => Spans.Count;

    /// <inheritdoc />
    public SpanRecord this[int index] => Spans[index];

    /// <inheritdoc />
    public IEnumerator<SpanRecord> GetEnumerator() => Spans.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
