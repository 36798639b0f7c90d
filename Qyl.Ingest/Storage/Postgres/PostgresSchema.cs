using Npgsql;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>
/// The tables qyl keeps in PostgreSQL, created and upgraded by qyl itself at startup through
/// numbered migrations recorded in <c>qyl_schema_version</c>.
/// </summary>
/// <remarks>
/// Several hub instances may start at once against one database: the whole migration runs in one
/// transaction under <c>pg_advisory_xact_lock</c>, so the second instance waits, then finds the
/// versions already applied and does nothing. Migrations are append-only: never edit a shipped one.
/// </remarks>
internal static class PostgresSchema
{
    // Any fixed 64-bit number; it only has to be the same for every qyl instance.
    private const long MigrationLockKey = 0x7179_6C5F_6D69_6772; // "qyl_migr"

    private static readonly string[] s_migrations =
    [
        // 1: spans, the write lock row that orders commits, retention state.
        """
        CREATE SEQUENCE qyl_span_seq AS bigint MINVALUE 1 START 1;

        CREATE TABLE qyl_spans (
            seq                  bigint PRIMARY KEY,
            trace_id             text NOT NULL,
            span_id              text NOT NULL,
            parent_span_id       text,
            service_name         text NOT NULL,
            session_id           text,
            name                 text NOT NULL,
            kind                 text NOT NULL,
            start_unix_nano      bigint NOT NULL,
            end_unix_nano        bigint NOT NULL,
            duration_ms          double precision NOT NULL,
            status               text NOT NULL,
            status_message       text,
            genai_operation      text,
            genai_provider       text,
            genai_request_model  text,
            genai_response_model text,
            input_tokens         bigint,
            output_tokens        bigint,
            agent_name           text,
            tool_name            text,
            -- json, not jsonb: kept byte for byte (jsonb reorders keys), and never queried into.
            record               json NOT NULL,
            CONSTRAINT qyl_spans_trace_span UNIQUE (trace_id, span_id)
        );
        CREATE INDEX qyl_spans_service_seq ON qyl_spans (service_name, seq);
        CREATE INDEX qyl_spans_session_seq ON qyl_spans (session_id, seq) WHERE session_id IS NOT NULL;
        CREATE INDEX qyl_spans_trace_seq ON qyl_spans (trace_id, seq);
        CREATE INDEX qyl_spans_genai_seq ON qyl_spans (seq) WHERE genai_operation IS NOT NULL;
        CREATE INDEX qyl_spans_start ON qyl_spans (start_unix_nano);

        CREATE TABLE qyl_write_lock (id int PRIMARY KEY CHECK (id = 1));
        INSERT INTO qyl_write_lock VALUES (1);

        CREATE TABLE qyl_retention (
            id                 int PRIMARY KEY CHECK (id = 1),
            retained_after_seq bigint NOT NULL
        );
        INSERT INTO qyl_retention VALUES (1, 0);
        """,

        // 2: one index less to maintain on every insert. (trace_id, seq) duplicated the unique
        // (trace_id, span_id) index for every query it served: a trace is found by its trace_id prefix
        // there and its few spans sorted by seq.
        """
        DROP INDEX IF EXISTS qyl_spans_trace_seq;
        """,

        // 3: less server work per inserted row (measured with a server-side binary COPY of 150,000
        // bench rows, PostgreSQL 15: 15.5 us of backend CPU per row with every index).
        // record: text, not json. json input re-parses the whole document to validate it (~1.7 of the
        // ~7 us a bare row without indexes costs, for a 1.1 KB record); qyl writes it from its own
        // serializer and reads it back as text, never with json operators. json and text are binary
        // coercible, so this rewrites no row.
        // The indexed text columns compare bytewise (COLLATE "C"): ids are hex and the queries already
        // order by COLLATE "C", so results are the same, but a database created with a linguistic
        // collation (en_US.UTF-8) no longer pays strcoll on every index comparison of every insert.
        // The affected indexes are rebuilt once, here, under the migration lock.
        """
        ALTER TABLE qyl_spans
            ALTER COLUMN record TYPE text,
            ALTER COLUMN trace_id TYPE text COLLATE "C",
            ALTER COLUMN span_id TYPE text COLLATE "C",
            ALTER COLUMN service_name TYPE text COLLATE "C",
            ALTER COLUMN session_id TYPE text COLLATE "C";
        """,

        // 4: log records. Their seq comes from qyl_span_seq under the same write lock as spans, so one
        // cursor orders both and the relay's block chain stays contiguous. No unique key: OTLP log
        // records have no identity, and an exporter's retry storing a record twice is harmless.
        // Indexes as for spans: the (x, seq) pairs the filters use, genAi as a partial index on seq,
        // time for retention. Every statement is IF NOT EXISTS, so a migration interrupted and
        // retried (or run on a database where it half ran) ends in the same schema.
        """
        CREATE TABLE IF NOT EXISTS qyl_logs (
            seq                  bigint PRIMARY KEY,
            trace_id             text COLLATE "C",
            span_id              text COLLATE "C",
            service_name         text COLLATE "C" NOT NULL,
            session_id           text COLLATE "C",
            time_unix_nano       bigint NOT NULL,
            severity_number      int NOT NULL,
            event_name           text,
            genai                boolean NOT NULL,
            record               text NOT NULL
        );
        CREATE INDEX IF NOT EXISTS qyl_logs_service_seq ON qyl_logs (service_name, seq);
        CREATE INDEX IF NOT EXISTS qyl_logs_session_seq ON qyl_logs (session_id, seq) WHERE session_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS qyl_logs_trace_seq ON qyl_logs (trace_id, seq) WHERE trace_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS qyl_logs_genai_seq ON qyl_logs (seq) WHERE genai;
        CREATE INDEX IF NOT EXISTS qyl_logs_time ON qyl_logs (time_unix_nano);
        ALTER TABLE qyl_retention ADD COLUMN IF NOT EXISTS logs_retained_after_seq bigint NOT NULL DEFAULT 0;
        """,

        // 5: each model call's cost in USD (numeric: sums are exact to the price table, like the
        // embedded store's decimal sums). Written at ingest; spans stored before this are unpriced.
        // IF NOT EXISTS: harmless to apply twice if migrations are renumbered when branches merge.
        """
        ALTER TABLE qyl_spans ADD COLUMN IF NOT EXISTS cost_usd numeric;
        """,

        // 6: in-progress spans. A running span is stored as its own row (in_progress, no end, no
        // duration) beside the finished row that follows under a new seq, so (trace_id, span_id) is
        // unique per kind of row, not per table: two partial unique indexes replace the constraint.
        // The finished one keeps the constraint's name, which the direct COPY path recognises as
        // "this batch repeats a stored span". Every statement is idempotent.
        """
        ALTER TABLE qyl_spans ADD COLUMN IF NOT EXISTS in_progress boolean NOT NULL DEFAULT false;
        ALTER TABLE qyl_spans ALTER COLUMN end_unix_nano DROP NOT NULL, ALTER COLUMN duration_ms DROP NOT NULL;
        ALTER TABLE qyl_spans DROP CONSTRAINT IF EXISTS qyl_spans_trace_span;
        CREATE UNIQUE INDEX IF NOT EXISTS qyl_spans_trace_span ON qyl_spans (trace_id, span_id) WHERE NOT in_progress;
        CREATE UNIQUE INDEX IF NOT EXISTS qyl_spans_trace_span_running ON qyl_spans (trace_id, span_id) WHERE in_progress;
        """,
    ];

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => s_migrations.Length;

    /// <summary>Applies every migration the database has not seen yet; safe to run concurrently.</summary>
    public static Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        MigrateAsync(dataSource, LatestVersion, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="targetVersion"/> (tests of an upgrade start from an older schema).</summary>
    internal static async Task MigrateAsync(NpgsqlDataSource dataSource, int targetVersion, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetVersion, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetVersion, LatestVersion);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            "CREATE TABLE IF NOT EXISTS qyl_schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);

        await using (var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM qyl_schema_version", connection))
        {
            var current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The qyl schema in this database is version {current}, newer than this build knows ({LatestVersion}); upgrade qyl.");
            }
            for (var version = current + 1; version <= targetVersion; version++)
            {
                await ExecuteAsync(connection, s_migrations[version - 1], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"INSERT INTO qyl_schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
