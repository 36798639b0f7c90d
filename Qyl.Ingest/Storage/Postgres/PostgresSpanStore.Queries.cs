using System.Text;
using Npgsql;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>The query side: SQL over the indexes, with the semantics of the embedded store.</summary>
/// <remarks>
/// In-progress rows: part of the seq stream (<see cref="ReadAfterAsync"/>, so live, resume and span
/// pages carry both records of a span), shown in a trace until their finished row exists, and never
/// counted in service, session or trace summaries, which describe finished spans only (a span with
/// both rows is counted once).
/// </remarks>
public sealed partial class PostgresSpanStore
{
    // SpanPricer.IsUnpriced in SQL: a GenAI span with token counts but no cost.
    private const string Unpriced = "genai_operation IS NOT NULL AND cost_usd IS NULL AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL)";

    /// <inheritdoc />
    public async Task<IReadOnlyList<SpanRecord>> ReadAfterAsync(long afterSeq, SpanFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var f = filter.Normalize();
        // Only the set filters appear in the SQL, so the planner picks the matching (x, seq) index.
        var sql = new StringBuilder("SELECT seq, record FROM qyl_spans WHERE seq > @after");
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
        if (f.GenAiOnly == true)
        {
            sql.Append(" AND genai_operation IS NOT NULL");
        }
        sql.Append(" ORDER BY seq LIMIT @limit");
        command.CommandText = sql.ToString();
        return await ReadSpansAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        var id = traceId.ToLowerInvariant();
        // A running span's row is left out once its finished row exists (the embedded store's rule).
        var command = new NpgsqlCommand("""
            SELECT seq, record FROM qyl_spans s WHERE trace_id = @trace
              AND NOT (in_progress AND EXISTS (
                  SELECT 1 FROM qyl_spans f WHERE f.trace_id = s.trace_id AND f.span_id = s.span_id AND NOT f.in_progress))
            ORDER BY seq
            """)
        {
            Parameters = { new("trace", id) },
        };
        var spans = await ReadSpansAsync(command, cancellationToken).ConfigureAwait(false);
        return spans.Count == 0 ? null : new TraceDetail(id, spans);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) =>
        QueryAsync(
            new NpgsqlCommand("""
                SELECT service_name, count(*), max(end_unix_nano) FROM qyl_spans WHERE NOT in_progress
                GROUP BY service_name ORDER BY service_name COLLATE "C"
                """),
            r => new ServiceSummary(r.GetString(0), r.GetInt64(1), r.GetInt64(2)),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken) =>
        // A session's service is the service of its first span, as in the embedded store.
        QueryAsync(
            new NpgsqlCommand($"""
                SELECT session_id, (array_agg(service_name ORDER BY seq))[1], count(*), count(DISTINCT trace_id),
                       min(start_unix_nano), max(end_unix_nano),
                       coalesce(sum(input_tokens), 0)::bigint, coalesce(sum(output_tokens), 0)::bigint,
                       count(*) FILTER (WHERE status = 'error'),
                       coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE {Unpriced})
                FROM qyl_spans
                WHERE session_id IS NOT NULL AND NOT in_progress
                GROUP BY session_id
                HAVING @service::text IS NULL OR bool_or(service_name = @service::text)
                ORDER BY max(end_unix_nano) DESC, session_id COLLATE "C"
                LIMIT @limit
                """)
            {
                Parameters = { new("service", (object?)serviceName ?? DBNull.Value), new("limit", limit) },
            },
            r => new SessionSummary(
                r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), (double)r.GetDecimal(9), r.GetInt64(10)),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken) =>
        // The root is the first parentless span in seq order, else the earliest-starting span; the
        // session is the root's, else the first span's that has one (the embedded store's rules).
        QueryAsync(
            new NpgsqlCommand($"""
                WITH t AS (
                    SELECT trace_id, min(start_unix_nano) AS start_nano, max(end_unix_nano) AS end_nano, count(*) AS spans,
                           count(*) FILTER (WHERE status = 'error') AS errors,
                           coalesce(sum(cost_usd), 0) AS cost, count(*) FILTER (WHERE {Unpriced}) AS unpriced,
                           (array_agg(session_id ORDER BY seq) FILTER (WHERE session_id IS NOT NULL))[1] AS any_session
                    FROM qyl_spans
                    WHERE NOT in_progress
                      AND (@service::text IS NULL OR trace_id IN (SELECT trace_id FROM qyl_spans WHERE service_name = @service::text))
                      AND (@session::text IS NULL OR trace_id IN (SELECT trace_id FROM qyl_spans WHERE session_id = @session::text))
                    GROUP BY trace_id
                    ORDER BY start_nano DESC, trace_id COLLATE "C"
                    LIMIT @limit)
                SELECT t.trace_id, r.name, r.service_name, coalesce(r.session_id, t.any_session), t.start_nano,
                       (t.end_nano - t.start_nano) / 1000000.0, t.spans, t.errors, t.cost, t.unpriced
                FROM t CROSS JOIN LATERAL (
                    SELECT name, service_name, session_id FROM qyl_spans s
                    WHERE s.trace_id = t.trace_id AND NOT s.in_progress
                    ORDER BY (s.parent_span_id IS NOT NULL), CASE WHEN s.parent_span_id IS NULL THEN 0 ELSE s.start_unix_nano END, s.seq
                    LIMIT 1) r
                ORDER BY t.start_nano DESC, t.trace_id COLLATE "C"
                """)
            {
                Parameters =
                {
                    new("service", (object?)serviceName ?? DBNull.Value),
                    new("session", (object?)sessionId ?? DBNull.Value),
                    new("limit", limit),
                },
            },
            r => new TraceSummary(
                r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetInt64(4), (double)r.GetDecimal(5), r.GetInt64(6), r.GetInt64(7), (double)r.GetDecimal(8), r.GetInt64(9)),
            cancellationToken);

    private async Task<IReadOnlyList<SpanRecord>> ReadSpansAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        await QueryAsync(command, r => SpanRecordJson.Deserialize(r.GetString(1), r.GetInt64(0)), cancellationToken).ConfigureAwait(false);

    private async Task<IReadOnlyList<T>> QueryAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            return await GuardAsync<IReadOnlyList<T>>(async () =>
            {
                await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                command.Connection = connection;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var result = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(map(reader));
                }
                return result;
            }).ConfigureAwait(false);
        }
    }
}
