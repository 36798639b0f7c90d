using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// The ceiling for the PostgreSQL store: a plain binary COPY of exactly the rows the store writes
/// (the same 22 columns of <c>qyl_spans</c>, the same <c>record</c> text from the same serializer),
/// one COPY and one commit per batch, into an ordinary logged table, so WAL and the commit's flush are
/// paid as the store pays them. What it leaves out is what qyl adds: the write lock, seqs from the
/// sequence, idempotence on (trace id, span id) and the read indexes.
/// </summary>
public static class RawCopy
{
    private const string Table = "qyl_bench_raw_copy";

    private const string Columns =
        "seq, trace_id, span_id, parent_span_id, service_name, session_id, name, kind, start_unix_nano, end_unix_nano, " +
        "duration_ms, status, status_message, genai_operation, genai_provider, genai_request_model, genai_response_model, " +
        "input_tokens, output_tokens, agent_name, tool_name, record";

    /// <summary>COPYs <paramref name="batches"/> requests of <paramref name="workload"/> (decoded as the store gets them), one COPY per batch.</summary>
    public static async Task<IEnumerable<(string, object?)>> MeasureAsync(string connectionString, BenchWorkload workload, int batches, CancellationToken cancellationToken)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        // The column types and collations of qyl_spans (migrations 1 and 3), without its constraints and indexes.
        await Execute(connection, $"""
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table} (seq bigint NOT NULL, trace_id text COLLATE "C" NOT NULL, span_id text COLLATE "C" NOT NULL, parent_span_id text,
              service_name text COLLATE "C" NOT NULL, session_id text COLLATE "C", name text NOT NULL, kind text NOT NULL, start_unix_nano bigint NOT NULL,
              end_unix_nano bigint NOT NULL, duration_ms double precision NOT NULL, status text NOT NULL, status_message text,
              genai_operation text, genai_provider text, genai_request_model text, genai_response_model text,
              input_tokens bigint, output_tokens bigint, agent_name text, tool_name text, record text NOT NULL);
            """, cancellationToken);
        try
        {
            var runId = Random.Shared.Next(1, 1 << 20);
            var input = Enumerable.Range(0, batches).Select(b => workload.Decoded(((long)runId << 32) | (uint)b)).ToList();
            var seq = 0L;
            var serverBefore = await PostgresBackendCpu.SnapshotAsync(connectionString, cancellationToken);
            var clock = Stopwatch.StartNew();
            foreach (var batch in input)
            {
                await using var importer = await connection.BeginBinaryImportAsync(
                    $"COPY {Table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
                foreach (var span in batch)
                {
                    var genAi = span.GenAi;
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(++seq, NpgsqlDbType.Bigint, cancellationToken);
                    await Text(importer, span.TraceId, cancellationToken);
                    await Text(importer, span.SpanId, cancellationToken);
                    await Text(importer, span.ParentSpanId, cancellationToken);
                    await Text(importer, span.ServiceName, cancellationToken);
                    await Text(importer, span.SessionId, cancellationToken);
                    await Text(importer, span.Name, cancellationToken);
                    await Text(importer, span.Kind, cancellationToken);
                    await importer.WriteAsync(span.StartTimeUnixNano, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(span.EndTimeUnixNano.GetValueOrDefault(), NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(span.DurationMs.GetValueOrDefault(), NpgsqlDbType.Double, cancellationToken);
                    await Text(importer, span.Status, cancellationToken);
                    await Text(importer, span.StatusMessage, cancellationToken);
                    await Text(importer, genAi?.OperationName, cancellationToken);
                    await Text(importer, genAi?.ProviderName, cancellationToken);
                    await Text(importer, genAi?.RequestModel, cancellationToken);
                    await Text(importer, genAi?.ResponseModel, cancellationToken);
                    await Bigint(importer, genAi?.InputTokens, cancellationToken);
                    await Bigint(importer, genAi?.OutputTokens, cancellationToken);
                    await Text(importer, genAi?.AgentName, cancellationToken);
                    await Text(importer, genAi?.ToolName, cancellationToken);
                    await importer.WriteAsync(JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord), NpgsqlDbType.Text, cancellationToken);
                }
                await importer.CompleteAsync(cancellationToken);
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            var serverSeconds = PostgresBackendCpu.Between(serverBefore, await PostgresBackendCpu.SnapshotAsync(connectionString, cancellationToken));
            return
            [
                ("store", "raw COPY (ceiling)"), ("batches", batches), ("spans/batch", workload.SpansPerRequest), ("stored", seq), ("seconds", elapsed),
                ("spans/s", seq / elapsed), ("us/batch", elapsed * 1e6 / batches), ("bytes/span", double.NaN),
                ("server us/span", serverSeconds * 1e6 / Math.Max(1, seq)),
            ];
        }
        finally
        {
            await Execute(connection, $"DROP TABLE IF EXISTS {Table}", CancellationToken.None);
        }
    }

    private static Task Text(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task Bigint(NpgsqlBinaryImporter importer, long? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value.Value, NpgsqlDbType.Bigint, cancellationToken);

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
