namespace Qyl.Ingest.Storage;

/// <summary>
/// A store whose seqs are one chain shared by every process on it (PostgreSQL): each write takes the
/// next contiguous block and hands it to the live path as a <see cref="Live.SequencedBlock"/>,
/// also when every span of it was a duplicate. Several hub instances can only relay spans to each
/// other in one order on such a store.
/// </summary>
public interface ISharedSeqStore
{
    /// <summary>The last seq any process has taken from the chain so far (0 when none).</summary>
    ValueTask<long> GetLastIssuedSeqAsync(CancellationToken cancellationToken);
}
