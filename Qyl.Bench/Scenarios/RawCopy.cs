using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// The ceiling for the PostgreSQL store: binary COPY of the same spans into an unlogged scratch table
/// with one column per SpanRecord field (JSON for the maps), no conflict handling, no indexes.
/// </summary>
public static class RawCopy
{
    private const string Table = "qyl_bench_raw_copy";

    /// <summary>COPYs <paramref name="batches"/> batches of <paramref name="batchSize"/> spans, one COPY per batch.</summary>
    public static async Task<IEnumerable<(string, object?)>> MeasureAsync(string connectionString, int batches, int batchSize, CancellationToken cancellationToken)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await Execute(connection, $"""
            DROP TABLE IF EXISTS {Table};
            CREATE UNLOGGED TABLE {Table} (seq bigint, trace_id text, span_id text, parent_span_id text, name text, kind text,
              service_name text, session_id text, start_unix_nano bigint, end_unix_nano bigint, duration_ms double precision,
              status text, status_message text, scope_name text, gen_ai jsonb, attributes jsonb, resource_attributes jsonb, events jsonb);
            """, cancellationToken);
        try
        {
            var runId = Random.Shared.NextInt64();
            var input = Enumerable.Range(0, batches)
                .Select(b => Enumerable.Range(0, batchSize).Select(i => BenchSpans.Chat(b * batchSize + i, "bench-store", runId)).ToList())
                .ToList();
            var seq = 0L;
            var clock = Stopwatch.StartNew();
            foreach (var batch in input)
            {
                await using var importer = await connection.BeginBinaryImportAsync(
                    $"COPY {Table} FROM STDIN (FORMAT BINARY)", cancellationToken);
                foreach (var span in batch)
                {
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(++seq, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(span.TraceId, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(span.SpanId, NpgsqlDbType.Text, cancellationToken);
                    await WriteNullable(importer, span.ParentSpanId, cancellationToken);
                    await importer.WriteAsync(span.Name, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(span.Kind, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(span.ServiceName, NpgsqlDbType.Text, cancellationToken);
                    await WriteNullable(importer, span.SessionId, cancellationToken);
                    await importer.WriteAsync(span.StartTimeUnixNano, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(span.EndTimeUnixNano, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(span.DurationMs, NpgsqlDbType.Double, cancellationToken);
                    await importer.WriteAsync(span.Status, NpgsqlDbType.Text, cancellationToken);
                    await WriteNullable(importer, span.StatusMessage, cancellationToken);
                    await WriteNullable(importer, span.ScopeName, cancellationToken);
                    await importer.WriteAsync(span.GenAi is null ? "null" : JsonSerializer.Serialize(span.GenAi, QylJsonContext.Default.GenAiInfo), NpgsqlDbType.Jsonb, cancellationToken);
                    await importer.WriteAsync(JsonSerializer.Serialize(span.Attributes, QylJsonContext.Default.DictionaryStringObject), NpgsqlDbType.Jsonb, cancellationToken);
                    await importer.WriteAsync(JsonSerializer.Serialize(span.ResourceAttributes, QylJsonContext.Default.DictionaryStringObject), NpgsqlDbType.Jsonb, cancellationToken);
                    await importer.WriteAsync(JsonSerializer.Serialize(span.Events, QylJsonContext.Default.ListSpanEventRecord), NpgsqlDbType.Jsonb, cancellationToken);
                }
                await importer.CompleteAsync(cancellationToken);
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            return
            [
                ("store", "raw COPY (ceiling)"), ("batches", batches), ("spans/batch", batchSize), ("stored", seq), ("seconds", elapsed),
                ("spans/s", seq / elapsed), ("us/batch", elapsed * 1e6 / batches), ("bytes/span", double.NaN),
            ];
        }
        finally
        {
            await Execute(connection, $"DROP TABLE IF EXISTS {Table}", CancellationToken.None);
        }
    }

    private static async Task WriteNullable(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
