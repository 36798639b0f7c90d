using System.Text;
using Npgsql;
using NpgsqlTypes;
using Qyl.Contracts;
using Qyl.Ingest.Live;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>
/// Log records in PostgreSQL (<c>qyl_logs</c>, migration 4). A write takes the next contiguous
/// block of the one seq chain under the same write lock as spans (<see cref="ReserveSeqsAsync"/>),
/// so seqs of spans and logs become visible in one commit order across instances, and the block
/// goes to the live path like a span write's.
/// </summary>
public sealed partial class PostgresSpanStore : ILogStore
{
    private const string LogColumns =
        "seq, trace_id, span_id, service_name, session_id, time_unix_nano, severity_number, event_name, genai, record";

    /// <inheritdoc />
    public async Task<int> AppendLogsAsync(
        IReadOnlyList<LogRecord> logs,
        Action<SequencedBlock>? onSequenced,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.Count == 0)
        {
            return 0;
        }
        return await GuardAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            // Before the lock: a record without a session takes its span's, and the encoding is done
            // before the write lock is held, as for spans.
            var withSessions = await WithSpanSessionsAsync(connection, logs, cancellationToken).ConfigureAwait(false);
            var records = new byte[withSessions.Count][];
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = LogRecordJson.Record(withSessions[i]);
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var first = await ReserveSeqsAsync(connection, withSessions.Count, cancellationToken).ConfigureAwait(false);
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY qyl_logs ({LogColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < withSessions.Count; i++)
                {
                    await WriteLogRowAsync(importer, first + i, withSessions[i], records[i], cancellationToken).ConfigureAwait(false);
                }
                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            var sequenced = new LogRecord[withSessions.Count];
            for (var i = 0; i < sequenced.Length; i++)
            {
                sequenced[i] = withSessions[i] with { Seq = first + i };
            }
            // As for spans: seqs are final once the rows are in, so the live path goes before the
            // commit; a failed commit is answered 503 and the exporter's retry stores them anew.
            onSequenced?.Invoke(new SequencedBlock(first, first + sequenced.Length - 1, [], sequenced));
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return sequenced.Length;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogRecord>> ReadLogsAfterAsync(long afterSeq, SpanFilter filter, string? spanId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var f = filter.Normalize();
        var sql = new StringBuilder("SELECT seq, record FROM qyl_logs WHERE seq > @after");
        var command = new NpgsqlCommand { Parameters = { new("after", afterSeq), new("limit", limit) } };
        if (f.ServiceName is not null)
        {
            sql.Append(" AND service_name = @service");
            command.Parameters.AddWithValue("service", f.ServiceName);
        }
        if (f.SessionId is not null)
        {
            sql.Append(" AND session_id = @session");
            command.Parameters.AddWithValue("session", f.SessionId);
        }
        if (f.TraceId is not null)
        {
            sql.Append(" AND trace_id = @trace");
            command.Parameters.AddWithValue("trace", f.TraceId);
        }
        if (!string.IsNullOrEmpty(spanId))
        {
            sql.Append(" AND span_id = @span");
            command.Parameters.AddWithValue("span", spanId.ToLowerInvariant());
        }
        if (f.GenAiOnly == true)
        {
            sql.Append(" AND genai");
        }
        sql.Append(" ORDER BY seq LIMIT @limit");
        command.CommandText = sql.ToString();
        return await QueryAsync(command, r => LogRecordJson.Deserialize(r.GetString(1), r.GetInt64(0)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LogRecord>> GetTraceLogsAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        return QueryAsync(
            new NpgsqlCommand("SELECT seq, record FROM qyl_logs WHERE trace_id = @trace ORDER BY seq")
            {
                Parameters = { new("trace", traceId.ToLowerInvariant()) },
            },
            r => LogRecordJson.Deserialize(r.GetString(1), r.GetInt64(0)),
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<long> GetLogsRetainedAfterSeqAsync(CancellationToken cancellationToken) =>
        await GuardAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT logs_retained_after_seq FROM qyl_retention WHERE id = 1", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }).ConfigureAwait(false);

    /// <summary>
    /// <paramref name="logs"/> with the session of their span filled in where the record has none and
    /// the span is stored: one query for the whole batch, only when some record needs it.
    /// </summary>
    private static async Task<IReadOnlyList<LogRecord>> WithSpanSessionsAsync(
        NpgsqlConnection connection, IReadOnlyList<LogRecord> logs, CancellationToken cancellationToken)
    {
        var traceIds = new List<string>();
        var spanIds = new List<string>();
        foreach (var log in logs)
        {
            if (log.SessionId is null && log.TraceId is not null && log.SpanId is not null)
            {
                traceIds.Add(log.TraceId);
                spanIds.Add(log.SpanId);
            }
        }
        if (traceIds.Count == 0)
        {
            return logs;
        }
        var sessions = new Dictionary<(string, string), string>();
        await using (var command = new NpgsqlCommand("""
            SELECT s.trace_id, s.span_id, s.session_id
            FROM qyl_spans s JOIN unnest(@traces::text[], @spans::text[]) AS k(trace_id, span_id)
              ON s.trace_id = k.trace_id AND s.span_id = k.span_id
            WHERE s.session_id IS NOT NULL
            """, connection))
        {
            command.Parameters.AddWithValue("traces", traceIds.ToArray());
            command.Parameters.AddWithValue("spans", spanIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sessions[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
            }
        }
        if (sessions.Count == 0)
        {
            return logs;
        }
        var result = new LogRecord[logs.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var log = logs[i];
            result[i] = log.SessionId is null && log.TraceId is not null && log.SpanId is not null
                && sessions.TryGetValue((log.TraceId, log.SpanId), out var session)
                ? log with { SessionId = session }
                : log;
        }
        return result;
    }

    private static async Task WriteLogRowAsync(NpgsqlBinaryImporter importer, long seq, LogRecord log, byte[] record, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(seq, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await Text(importer, log.TraceId, cancellationToken).ConfigureAwait(false);
        await Text(importer, log.SpanId, cancellationToken).ConfigureAwait(false);
        await Text(importer, log.ServiceName, cancellationToken).ConfigureAwait(false);
        await Text(importer, log.SessionId, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(log.TimeUnixNano, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(log.SeverityNumber, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await Text(importer, log.EventName, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(SpanFilter.IsGenAi(log), NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        // json on the wire is the UTF-8 text itself, which the text column receives, as for spans.
        await importer.WriteAsync(record, NpgsqlDbType.Json, cancellationToken).ConfigureAwait(false);

        static Task Text(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
            value is null
                ? importer.WriteNullAsync(cancellationToken)
                : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
    }
}
