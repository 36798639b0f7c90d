using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.Postgres;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Postgres;

/// <summary>Upgrading a database that already holds spans: migrations must keep every stored span readable and unique.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaUpgradeTests(PostgresFixture postgres) : FreshDatabaseTests(postgres)
{
    [Fact]
    public async Task MigrateAsync_FromVersion2WithStoredSpans_KeepsRecordsAndTheirUniqueness()
    {
        var old = TestSpans.Create(serviceName: "checkout", sessionId: "s1", genAi: true);
        await using (var dataSource = NpgsqlDataSource.Create(ConnectionString))
        {
            await PostgresSchema.MigrateAsync(dataSource, 2, CancellationToken.None).WithTimeout(Timeouts.Long);
            await using var insert = dataSource.CreateCommand("""
                INSERT INTO qyl_spans (seq, trace_id, span_id, service_name, session_id, name, kind, start_unix_nano,
                    end_unix_nano, duration_ms, status, record)
                VALUES (nextval('qyl_span_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::json)
                """);
            foreach (var value in new object[]
            {
                old.TraceId, old.SpanId, old.ServiceName, old.SessionId!, old.Name, old.Kind, old.StartTimeUnixNano,
                old.EndTimeUnixNano!.Value, old.DurationMs!.Value, old.Status, SpanRecordJson.Serialize(old with { Seq = 1 }),
            })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            await insert.ExecuteNonQueryAsync().WithTimeout();
        }

        await using var store = new PostgresSpanStore(ConnectionString, NullLogger<PostgresSpanStore>.Instance);
        var retry = await store.AppendAsync([old], null, CancellationToken.None).WithTimeout();
        var fresh = TestSpans.Create(serviceName: "checkout", sessionId: "s1");
        await store.AppendAsync([fresh], null, CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(0, 1), retry);
        var read = await store.ReadAfterAsync(0, new SpanFilter { SessionId = "s1" }, 10, CancellationToken.None).WithTimeout();
        Assert.Equal([old.SpanId, fresh.SpanId], read.Select(s => s.SpanId));
        Assert.Equal(SpanRecordJson.Serialize(old with { Seq = 1 }), SpanRecordJson.Serialize(read[0]));
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().WithTimeout();
        await using var types = new NpgsqlCommand("""
            SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' || coalesce(c.collname, '-'), ' ' ORDER BY a.attname)
            FROM pg_attribute a LEFT JOIN pg_collation c ON c.oid = a.attcollation
            WHERE a.attrelid = 'qyl_spans'::regclass AND a.attname IN ('record', 'trace_id', 'span_id', 'service_name', 'session_id')
            """, connection);
        Assert.Equal(
            "record:text:default service_name:text:C session_id:text:C span_id:text:C trace_id:text:C",
            await types.ExecuteScalarAsync().WithTimeout());
    }

    [Fact]
    public async Task MigrateAsync_FromVersion3WithModelCalls_OldCallsUnpricedNewOnesSummed()
    {
        var old = TestSpans.Create(serviceName: "agent", sessionId: "cost-s", genAi: true);
        await using (var dataSource = NpgsqlDataSource.Create(ConnectionString))
        {
            await PostgresSchema.MigrateAsync(dataSource, 3, CancellationToken.None).WithTimeout(Timeouts.Long);
            await using var insert = dataSource.CreateCommand("""
                INSERT INTO qyl_spans (seq, trace_id, span_id, service_name, session_id, name, kind, start_unix_nano,
                    end_unix_nano, duration_ms, status, genai_operation, input_tokens, output_tokens, record)
                VALUES (nextval('qyl_span_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'chat', 10, 20, $11)
                """);
            foreach (var value in new object[]
            {
                old.TraceId, old.SpanId, old.ServiceName, old.SessionId!, old.Name, old.Kind, old.StartTimeUnixNano,
                old.EndTimeUnixNano!.Value, old.DurationMs!.Value, old.Status, SpanRecordJson.Serialize(old with { Seq = 1 }),
            })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            await insert.ExecuteNonQueryAsync().WithTimeout();
        }

        await using var store = new PostgresSpanStore(ConnectionString, NullLogger<PostgresSpanStore>.Instance);
        var priced = PricedCalls.Chat("agent", "cost-s", old.TraceId, "mistral_ai", "mistral-large-2411", input: 4_321, output: 765);
        await store.AppendAsync([priced], null, CancellationToken.None).WithTimeout();

        var session = Assert.Single(await store.GetSessionsAsync("agent", 10, CancellationToken.None).WithTimeout());
        Assert.Equal(((double)PricedCalls.Expected("mistral_ai", "mistral-large", 4_321, 765), 1L), (session.CostUsd, session.UnpricedSpans));
    }
}
