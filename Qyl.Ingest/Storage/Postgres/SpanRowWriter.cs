using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>One span as a binary COPY row, in the column order of <c>PostgresSpanStore.StagingColumns</c> (staging) or seq + <c>SpanColumns</c> (direct).</summary>
internal static class SpanRowWriter
{
    /// <summary>
    /// The <c>record</c> column: the same text as <see cref="SpanRecordJson.Serialize"/>, produced as UTF-8,
    /// which is what the COPY stream carries, so without a UTF-16 string in between.
    /// </summary>
    public static byte[] Record(SpanRecord span) => JsonSerializer.SerializeToUtf8Bytes(span, QylJsonContext.Default.SpanRecord);

    /// <summary>A staging row: the batch position, then the span's columns.</summary>
    public static async Task WriteStagingRowAsync(NpgsqlBinaryImporter importer, int ord, SpanRecord span, byte[] record, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(ord, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await WriteColumnsAsync(importer, span, record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A <c>qyl_spans</c> row: the seq, then the span's columns.</summary>
    public static async Task WriteRowAsync(NpgsqlBinaryImporter importer, long seq, SpanRecord span, byte[] record, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(seq, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await WriteColumnsAsync(importer, span, record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The span's columns after the leading ord/seq column; <paramref name="record"/> is its <see cref="SpanRecordJson"/> in UTF-8.</summary>
    private static async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, SpanRecord span, byte[] record, CancellationToken cancellationToken)
    {
        var genAi = span.GenAi;
        await Text(importer, span.TraceId, cancellationToken).ConfigureAwait(false);
        await Text(importer, span.SpanId, cancellationToken).ConfigureAwait(false);
        await Text(importer, span.ParentSpanId, cancellationToken).ConfigureAwait(false);
        await Text(importer, span.ServiceName, cancellationToken).ConfigureAwait(false);
        await Text(importer, span.SessionId, cancellationToken).ConfigureAwait(false);
        await Text(importer, span.Name, cancellationToken).ConfigureAwait(false);
        await Text(importer, span.Kind, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(span.StartTimeUnixNano, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await Bigint(importer, span.EndTimeUnixNano, cancellationToken).ConfigureAwait(false);
        await Double(importer, span.DurationMs, cancellationToken).ConfigureAwait(false);
        await Text(importer, span.Status, cancellationToken).ConfigureAwait(false);
        await Text(importer, span.StatusMessage, cancellationToken).ConfigureAwait(false);
        await Text(importer, genAi?.OperationName, cancellationToken).ConfigureAwait(false);
        await Text(importer, genAi?.ProviderName, cancellationToken).ConfigureAwait(false);
        await Text(importer, genAi?.RequestModel, cancellationToken).ConfigureAwait(false);
        await Text(importer, genAi?.ResponseModel, cancellationToken).ConfigureAwait(false);
        await Bigint(importer, genAi?.InputTokens, cancellationToken).ConfigureAwait(false);
        await Bigint(importer, genAi?.OutputTokens, cancellationToken).ConfigureAwait(false);
        await Text(importer, genAi?.AgentName, cancellationToken).ConfigureAwait(false);
        await Text(importer, genAi?.ToolName, cancellationToken).ConfigureAwait(false);
        await Numeric(importer, genAi?.CostUsd, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(span.InProgress, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        // Sent as json on the wire: json's binary format is the UTF-8 text itself, which is exactly what the
        // text column (migration 3) receives, and Npgsql takes the UTF-8 bytes for json without a string.
        await importer.WriteAsync(record, NpgsqlDbType.Json, cancellationToken).ConfigureAwait(false);
    }

    private static Task Text(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    // The record's double back to the decimal it was computed as: costs have far fewer than the 15
    // significant digits the conversion keeps, so the column holds the table's exact value.
    private static Task Numeric(NpgsqlBinaryImporter importer, double? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync((decimal)value.Value, NpgsqlDbType.Numeric, cancellationToken);

    private static Task Double(NpgsqlBinaryImporter importer, double? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value.Value, NpgsqlDbType.Double, cancellationToken);

    private static Task Bigint(NpgsqlBinaryImporter importer, long? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value.Value, NpgsqlDbType.Bigint, cancellationToken);
}
