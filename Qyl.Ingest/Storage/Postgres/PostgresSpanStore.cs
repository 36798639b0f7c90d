using Microsoft.Extensions.Logging;
using Npgsql;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>
/// The span store in PostgreSQL, shared by every hub instance pointed at the same database.
/// </summary>
/// <remarks>
/// <para>
/// Ordering across instances. A Postgres sequence alone would hand out seqs before commit, so two
/// writers could commit 11 before 10 and a reader resuming after 11 would never see 10. Each write
/// transaction therefore first locks the single row of <c>qyl_write_lock</c> (<c>FOR UPDATE</c>),
/// then takes a block of seqs, inserts and commits. The row lock is held until commit, and a waiting
/// writer only gets the lock after the holder's commit is visible, so seqs become visible in commit
/// order across all instances: readers always see a prefix of the seq order, never a hole that fills
/// later.
/// </para>
/// <para>
/// Never reused. The block comes from the sequence <c>qyl_span_seq</c>, not from a counter column:
/// live subscribers see seqs before commit (<c>onSequenced</c>), and a counter rolled back by a failed
/// commit would hand the same seqs to other spans. Sequences are not transactional, so a rolled-back
/// block is simply skipped. Numbers may therefore have gaps (rolled back writes, duplicates);
/// readers only rely on order.
/// </para>
/// <para>
/// Writes: binary COPY into a session temp table (kept per pooled connection: NoResetOnClose), then
/// one <c>INSERT ... SELECT ... ON CONFLICT (trace_id, span_id) DO NOTHING RETURNING seq</c>, so the
/// lock is held only for the insert and the commit, not for the transfer.
/// </para>
/// </remarks>
public sealed partial class PostgresSpanStore : ISpanStore, IAsyncDisposable
{
    private const string SpanColumns =
        "trace_id, span_id, parent_span_id, service_name, session_id, name, kind, start_unix_nano, end_unix_nano, " +
        "duration_ms, status, status_message, genai_operation, genai_provider, genai_request_model, genai_response_model, " +
        "input_tokens, output_tokens, agent_name, tool_name, record";

    private const string StagingColumns = "ord, " + SpanColumns;

    private const string CreateStaging = """
        CREATE TEMP TABLE IF NOT EXISTS qyl_spans_staging (
            ord int NOT NULL, trace_id text, span_id text, parent_span_id text, service_name text, session_id text,
            name text, kind text, start_unix_nano bigint, end_unix_nano bigint, duration_ms double precision,
            status text, status_message text, genai_operation text, genai_provider text, genai_request_model text,
            genai_response_model text, input_tokens bigint, output_tokens bigint, agent_name text, tool_name text,
            record json) ON COMMIT DELETE ROWS
        """;

    private const string InsertFromStaging = $"""
        INSERT INTO qyl_spans (seq, {SpanColumns})
        SELECT @first + ord, {SpanColumns}
        FROM qyl_spans_staging ORDER BY ord
        ON CONFLICT (trace_id, span_id) DO NOTHING
        RETURNING seq
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresSpanStore> _logger;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Creates a store on <paramref name="connectionString"/>; the schema is migrated on first use.</summary>
    public PostgresSpanStore(string connectionString, ILogger<PostgresSpanStore> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The staging temp table lives for the pooled physical connection; a reset would drop it.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.ConnectionStringBuilder.ApplicationName ??= "qyl";
        _dataSource = builder.Build();
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<AppendResult> AppendAsync(
        IReadOnlyList<SpanRecord> spans,
        Action<IReadOnlyList<SpanRecord>>? onSequenced,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return new AppendResult(0, 0);
        }
        return await GuardAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var create = new NpgsqlCommand(CreateStaging, connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await CopyToStagingAsync(connection, spans, cancellationToken).ConfigureAwait(false);

            var first = await ReserveSeqsAsync(connection, spans.Count, cancellationToken).ConfigureAwait(false);
            var sequenced = new List<SpanRecord>(spans.Count);
            await using (var insert = new NpgsqlCommand(InsertFromStaging, connection))
            {
                insert.Parameters.AddWithValue("first", first);
                await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var seq = reader.GetInt64(0);
                    sequenced.Add(spans[(int)(seq - first)] with { Seq = seq });
                }
            }
            sequenced.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));

            // Seqs are final here (the block is ours, the rows are inserted); the live path goes
            // now, before the commit. If the commit then fails, live clients saw spans that are not
            // stored; the request is answered 503 and the exporter's retry stores them under new seqs.
            // The whole block goes along, also when every span was a duplicate: hubs relaying spans
            // to each other order them by the block chain (SequencedBlock, ISharedSeqStore).
            onSequenced?.Invoke(new Pipeline.SequencedBlock(first, first + spans.Count - 1, sequenced));
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new AppendResult(sequenced.Count, spans.Count - sequenced.Count);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<long> GetRetainedAfterSeqAsync(CancellationToken cancellationToken) =>
        await GuardAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT retained_after_seq FROM qyl_retention WHERE id = 1", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var connection = await OpenAsync(timeout.Token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException || PostgresFaults.IsUnavailable(ex))
        {
            _dataSource.Clear();
            return false;
        }
    }

    /// <summary>Creates or upgrades the schema now (startup); later calls return at once.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                await PostgresSchema.MigrateAsync(_dataSource, cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
                PostgresLog.SchemaReady(_logger, PostgresSchema.LatestVersion);
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _schemaLock.Dispose();
    }

    internal NpgsqlDataSource DataSource => _dataSource;

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Locks the write-order row (held until commit) and takes <paramref name="count"/> consecutive
    /// seqs from the sequence; only the lock holder touches the sequence, so the block is contiguous.
    /// </summary>
    private static async Task<long> ReserveSeqsAsync(NpgsqlConnection connection, int count, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT 1 FROM qyl_write_lock WHERE id = 1 FOR UPDATE"),
                new NpgsqlBatchCommand("SELECT setval('qyl_span_seq', nextval('qyl_span_seq') + $1 - 1)") { Parameters = { new() { Value = (long)count } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var last = reader.GetInt64(0);
        return last - count + 1;
    }

    private static async Task CopyToStagingAsync(NpgsqlConnection connection, IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY qyl_spans_staging ({StagingColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < spans.Count; i++)
        {
            await SpanRowWriter.WriteAsync(importer, i, spans[i], cancellationToken).ConfigureAwait(false);
        }
        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one store operation, turning "database unreachable" into <see cref="StoreUnavailableException"/>
    /// and clearing the pool so no broken connection outlives the outage.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresFaults.IsUnavailable(ex))
        {
            _dataSource.Clear();
            PostgresLog.Unavailable(_logger, ex);
            throw new StoreUnavailableException("PostgreSQL is unreachable; retry later.", ex);
        }
    }
}
