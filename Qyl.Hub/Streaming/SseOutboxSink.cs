using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// Writes an outbox to a <c>text/event-stream</c> response: <c>event: span</c> (or <c>event: log</c>) with <c>id: seq</c>
/// (so EventSource's Last-Event-ID is the resume cursor), <c>event: dropped</c> (qyl's extension,
/// no id so the cursor does not move) and <c>: heartbeat</c> comments. One flush per batch.
/// </summary>
internal sealed class SseOutboxSink(HttpResponse response, TimeSpan heartbeat) : IOutboxSink
{
    private static readonly byte[] s_spanPrefix = "event: span\nid: "u8.ToArray();
    private static readonly byte[] s_logPrefix = "event: log\nid: "u8.ToArray();
    private static readonly byte[] s_droppedPrefix = "event: dropped\ndata: "u8.ToArray();
    private static readonly byte[] s_heartbeat = ": heartbeat\n\n"u8.ToArray();

    public string Endpoint => HubMetrics.SseEndpoint;

    public TimeSpan? HeartbeatInterval => heartbeat;

    public void Abort() => response.HttpContext.Abort();

    public ValueTask SendSpansAsync(SpanBatch batch, CancellationToken cancellationToken) =>
        SendRecordsAsync(s_spanPrefix, batch.Spans, static s => s.Seq, QylJsonContext.Default.SpanRecord, cancellationToken);

    public ValueTask SendSummariesAsync(SpanSummaryBatch batch, CancellationToken cancellationToken) =>
        SendRecordsAsync(s_spanPrefix, batch.Spans, static s => s.Seq, QylJsonContext.Default.SpanSummary, cancellationToken);

    public ValueTask SendLogsAsync(LogBatch batch, CancellationToken cancellationToken) =>
        SendRecordsAsync(s_logPrefix, batch.Logs, static l => l.Seq, QylJsonContext.Default.LogRecord, cancellationToken);

    /// <summary>One event per record (<paramref name="prefix"/>, its seq as the id, its JSON as the data), then one flush.</summary>
    private async ValueTask SendRecordsAsync<T>(byte[] prefix, IReadOnlyList<T> records, Func<T, long> seqOf, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        foreach (var record in records)
        {
            writer.Write(prefix);
            WriteAscii(writer, seqOf(record).ToString(CultureInfo.InvariantCulture));
            writer.Write("\ndata: "u8);
            // Compact JSON escapes control characters, so the record is one line as SSE requires.
            using (var json = new Utf8JsonWriter(writer))
            {
                JsonSerializer.Serialize(json, record, typeInfo);
            }
            writer.Write("\n\n"u8);
        }
        await FlushAsync(writer, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendDroppedAsync(DroppedNotice notice, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        writer.Write(s_droppedPrefix);
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, notice, QylJsonContext.Default.DroppedNotice);
        }
        writer.Write("\n\n"u8);
        await FlushAsync(writer, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendHeartbeatAsync(CancellationToken cancellationToken)
    {
        response.BodyWriter.Write(s_heartbeat);
        await FlushAsync(response.BodyWriter, cancellationToken).ConfigureAwait(false);
    }

    private static async Task FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        var result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("The SSE client went away.");
        }
    }

    private static void WriteAscii(PipeWriter writer, string text)
    {
        var span = writer.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        writer.Advance(written);
    }
}
