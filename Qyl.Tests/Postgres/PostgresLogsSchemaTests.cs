using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.Postgres;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Postgres;

/// <summary>Migration 4 (log records) retried over a half-made schema, and log retention.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLogsSchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task MigrateAsync_Version3WithHalfMadeLogsSchema_CompletesAndLogsFollowTheSpanSeqs()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var span = TestSpans.Create("upgrade");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await PostgresSchema.MigrateAsync(dataSource, 3, CancellationToken.None).WithTimeout(Timeouts.Long);
            // What a migration 4 run that stopped half way (or a hand-made table) would have left.
            await using var partial = dataSource.CreateCommand("""
                CREATE TABLE qyl_logs (seq bigint PRIMARY KEY, trace_id text COLLATE "C", span_id text COLLATE "C",
                    service_name text COLLATE "C" NOT NULL, session_id text COLLATE "C", time_unix_nano bigint NOT NULL,
                    severity_number int NOT NULL, event_name text, genai boolean NOT NULL, record text NOT NULL);
                CREATE INDEX qyl_logs_time ON qyl_logs (time_unix_nano);
                """);
            await partial.ExecuteNonQueryAsync().WithTimeout();
        }

        await using var store = new PostgresSpanStore(connectionString, NullLogger<PostgresSpanStore>.Instance);
        await store.EnsureSchemaAsync(CancellationToken.None).WithTimeout(Timeouts.Long);
        var spanResult = await store.AppendAsync([span], null, CancellationToken.None).WithTimeout();
        var stored = await ((ILogStore)store).AppendLogsAsync([TestLogs.Create("upgrade", traceId: span.TraceId)], null, CancellationToken.None).WithTimeout();

        Assert.Equal(new AppendResult(1, 0), spanResult);
        Assert.Equal(1, stored);
        var spanSeq = Assert.Single(await store.ReadAfterAsync(0, new SpanFilter { ServiceName = "upgrade" }, 10, CancellationToken.None).WithTimeout()).Seq;
        var logSeq = Assert.Single(await store.GetTraceLogsAsync(span.TraceId, CancellationToken.None).WithTimeout()).Seq;
        Assert.True(logSeq > spanSeq);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().WithTimeout();
        await using var version = new NpgsqlCommand("SELECT max(version) FROM qyl_schema_version", connection);
        Assert.Equal(PostgresSchema.LatestVersion, await version.ExecuteScalarAsync().WithTimeout());
    }

    [Fact]
    public async Task RemoveLogsOlderThanAsync_OldRecords_RemovedAndRetainedAfterRaised()
    {
        await using var store = new PostgresSpanStore(await postgres.CreateDatabaseAsync(), NullLogger<PostgresSpanStore>.Instance);
        var logStore = (ILogStore)store;
        var old = TestLogs.Create("retention") with { TimeUnixNano = 1_000 };
        var fresh = TestLogs.Create("retention") with { TimeUnixNano = 2_000_000_000_000_000_000 };
        Qyl.Ingest.Live.SequencedBlock? first = null;
        await logStore.AppendLogsAsync([old, old with { Seq = 0 }], b => first = b, CancellationToken.None).WithTimeout();
        await logStore.AppendLogsAsync([fresh], null, CancellationToken.None).WithTimeout();

        var removed = await store.RemoveLogsOlderThanAsync(1_000_000, batchSize: 1, CancellationToken.None).WithTimeout();

        Assert.Equal(2, removed);
        Assert.Equal([fresh.Body], (await logStore.ReadLogsAfterAsync(0, SpanFilter.All, null, 10, CancellationToken.None).WithTimeout()).Select(l => l.Body));
        Assert.Equal(first!.LastSeq, await logStore.GetLogsRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout());
        // Span retention state is its own.
        Assert.Equal(0, await store.GetRetainedAfterSeqAsync(CancellationToken.None).AsTask().WithTimeout());
    }
}
