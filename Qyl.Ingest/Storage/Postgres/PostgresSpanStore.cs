using Microsoft.Extensions.Logging;
using Npgsql;
using Qyl.Contracts;
using Qyl.Ingest.Live;

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
/// Writes: one binary COPY straight into <c>qyl_spans</c> under the lock; only a batch that repeats a
/// stored span goes again through a staging temp table and <c>INSERT ... ON CONFLICT DO NOTHING</c>.
/// </para>
/// </remarks>
public sealed partial class PostgresSpanStore : ISpanStore, IAsyncDisposable
{
    private const string SpanColumns =
        "trace_id, span_id, parent_span_id, service_name, session_id, name, kind, start_unix_nano, end_unix_nano, " +
        "duration_ms, status, status_message, genai_operation, genai_provider, genai_request_model, genai_response_model, " +
        "input_tokens, output_tokens, agent_name, tool_name, cost_usd, in_progress, record";

    private const string StagingColumns = "ord, " + SpanColumns;

    private const string CreateStaging = """
        CREATE TEMP TABLE IF NOT EXISTS qyl_spans_staging (
            ord int NOT NULL, trace_id text, span_id text, parent_span_id text, service_name text, session_id text,
            name text, kind text, start_unix_nano bigint, end_unix_nano bigint, duration_ms double precision,
            status text, status_message text, genai_operation text, genai_provider text, genai_request_model text,
            genai_response_model text, input_tokens bigint, output_tokens bigint, agent_name text, tool_name text,
            cost_usd numeric, in_progress boolean, record text) ON COMMIT DELETE ROWS
        """;

    // No conflict target: the two partial unique indexes of migration 6 (finished rows, running
    // rows) both arbitrate. An in-progress row whose span already has its finished row is not
    // inserted at all: a finished record is never followed by a stale "still running" one.
    private const string InsertFromStaging = $"""
        INSERT INTO qyl_spans (seq, {SpanColumns})
        SELECT @first + ord, {SpanColumns}
        FROM qyl_spans_staging s
        WHERE NOT (s.in_progress AND EXISTS (
            SELECT 1 FROM qyl_spans f WHERE f.trace_id = s.trace_id AND f.span_id = s.span_id AND NOT f.in_progress))
        ORDER BY ord
        ON CONFLICT DO NOTHING
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
        Action<SequencedBlock>? onSequenced,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return new AppendResult(0, 0);
        }
        // Serialized before the transaction, so the write lock covers the transfer and the server's
        // work, not the client's JSON encoding.
        var records = new byte[spans.Count][];
        for (var i = 0; i < spans.Count; i++)
        {
            records[i] = SpanRowWriter.Record(spans[i]);
        }
        return await GuardAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            // A start marker must be checked against the finished rows, which only the staging insert
            // does; start markers are a small share of spans (one per long-running span), so they
            // take that path rather than making the common batch pay for the check.
            if (HasInProgress(spans))
            {
                var staged = await InsertThroughStagingAsync(connection, spans, records, onSequenced, cancellationToken).ConfigureAwait(false);
                return new AppendResult(staged, spans.Count - staged);
            }
            var stored = await TryCopyDirectAsync(connection, spans, records, onSequenced, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                PostgresLog.DuplicatesInWrite(_logger, spans.Count);
                stored = await InsertThroughStagingAsync(connection, spans, records, onSequenced, cancellationToken).ConfigureAwait(false);
            }
            return new AppendResult(stored.Value, spans.Count - stored.Value);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The common case, no span stored before: lock, seqs, one binary COPY straight into
    /// <c>qyl_spans</c> (span i gets seq first + i), commit. Null, with nothing written, when the unique
    /// (trace id, span id) constraint fires, i.e. the batch repeats a stored span (an exporter retry)
    /// or holds one twice; the block of seqs is then skipped, which readers allow.
    /// </summary>
    /// <remarks>
    /// Compared with staging + <c>INSERT ... ON CONFLICT</c> this writes each row once instead of twice,
    /// skips the speculative insertion into the unique index, and saves three round trips. The price is
    /// that the write lock is held while the rows travel; the encoding is done before, so what remains
    /// is socket copy and the server's own insert, which the lock had to cover anyway.
    /// </remarks>
    private static async Task<int?> TryCopyDirectAsync(
        NpgsqlConnection connection,
        IReadOnlyList<SpanRecord> spans,
        byte[][] records,
        Action<SequencedBlock>? onSequenced,
        CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var first = await ReserveSeqsAsync(connection, spans.Count, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY qyl_spans (seq, {SpanColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < spans.Count; i++)
            {
                await SpanRowWriter.WriteRowAsync(importer, first + i, spans[i], records[i], cancellationToken).ConfigureAwait(false);
            }
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName is "qyl_spans_trace_span" or "qyl_spans_trace_span_running")
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            // The block is abandoned, not reused: say so, empty, so hubs that order relayed spans by
            // the block chain (SequencedBlock) do not wait for it. Nothing of it was stored.
            onSequenced?.Invoke(new SequencedBlock(first, first + spans.Count - 1, []));
            return null;
        }

        var sequenced = new SpanRecord[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            sequenced[i] = spans[i] with { Seq = first + i };
        }
        // Seqs are final here (the block is ours, the rows are inserted); the live path goes now,
        // before the commit. If the commit then fails, live clients saw spans that are not stored;
        // the request is answered 503 and the exporter's retry stores them under new seqs.
        onSequenced?.Invoke(new SequencedBlock(first, first + spans.Count - 1, sequenced));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return sequenced.Length;
    }

    /// <summary>
    /// The batch repeats stored spans: binary COPY into a session temp table (kept per pooled
    /// connection: NoResetOnClose), then under the lock one
    /// <c>INSERT ... SELECT ... ON CONFLICT (trace_id, span_id) DO NOTHING RETURNING seq</c>.
    /// </summary>
    private static async Task<int> InsertThroughStagingAsync(
        NpgsqlConnection connection,
        IReadOnlyList<SpanRecord> spans,
        byte[][] records,
        Action<SequencedBlock>? onSequenced,
        CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand(CreateStaging, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await CopyToStagingAsync(connection, spans, records, cancellationToken).ConfigureAwait(false);

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

        // As in TryCopyDirectAsync: live path before the commit. The whole block goes along, also when
        // every span was a duplicate: hubs relaying spans to each other order them by the block chain.
        onSequenced?.Invoke(new SequencedBlock(first, first + spans.Count - 1, sequenced));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return sequenced.Count;
    }

    private static bool HasInProgress(IReadOnlyList<SpanRecord> spans)
    {
        for (var i = 0; i < spans.Count; i++)
        {
            if (spans[i].InProgress)
            {
                return true;
            }
        }
        return false;
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

    private static async Task CopyToStagingAsync(
        NpgsqlConnection connection, IReadOnlyList<SpanRecord> spans, byte[][] records, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY qyl_spans_staging ({StagingColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < spans.Count; i++)
        {
            await SpanRowWriter.WriteStagingRowAsync(importer, i, spans[i], records[i], cancellationToken).ConfigureAwait(false);
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
