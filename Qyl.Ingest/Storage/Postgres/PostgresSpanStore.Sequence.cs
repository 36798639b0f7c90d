using Npgsql;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>The shared seq chain, for hubs relaying live spans to each other.</summary>
public sealed partial class PostgresSpanStore : ISharedSeqStore
{
    /// <inheritdoc />
    public async ValueTask<long> GetLastIssuedSeqAsync(CancellationToken cancellationToken) =>
        await GuardAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            // is_called is false only before the first nextval: nothing issued yet.
            await using var command = new NpgsqlCommand("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM qyl_span_seq", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }).ConfigureAwait(false);
}
