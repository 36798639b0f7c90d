using System.Globalization;
using System.Text;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Mcp;

namespace Qyl.Cli.Mcp;

/// <summary>
/// <c>wait_for_spans</c> through the hub's SSE stream: <c>/api/v1/events/spans/filter</c> with the cursor as
/// <c>lastEventId</c>, so the hub replays stored spans after it and then sends live ones as they are
/// accepted. The wait returns with the first read that completes a span event, together with every other
/// event that arrived in the same read (the hub flushes a batch at once), so it answers as soon as the hub
/// sends and never polls. Chosen over calling the hub's own <c>/mcp</c>: the stream is the hub's contract
/// already, and the CLI then needs no MCP client of its own.
/// </summary>
internal sealed class SseSpanWait(HttpClient http, Uri hub)
{
    public async Task<WaitOutcome> WaitAsync(SpanFilter filter, long? afterSeq, int limit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var query = HubQuery.Filter(filter);
        if (afterSeq is { } after)
        {
            query.Add(new("lastEventId", after.ToString(CultureInfo.InvariantCulture)));
        }
        var uri = HubQuery.Build(hub, "/api/v1/events/spans/filter", query);
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ends.CancelAfter(timeout);
        var spans = new List<SpanRecord>();
        DroppedNotice? dropped = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ends.Token).ConfigureAwait(false);
            await HubErrors.EnsureSuccessAsync(response, hub, ends.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(ends.Token).ConfigureAwait(false);
            var buffer = new StringBuilder();
            var decoder = Encoding.UTF8.GetDecoder();
            var bytes = new byte[16 * 1024];
            var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            while (spans.Count == 0)
            {
                var read = await stream.ReadAsync(bytes, ends.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new TelemetryUnavailableException($"The qyl hub at {hub} closed the span stream; try again.");
                }
                buffer.Append(chars, 0, decoder.GetChars(bytes, 0, read, chars, 0));
                dropped = TakeEvents(buffer, spans, limit) ?? dropped;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: whatever arrived (nothing, or only a dropped notice) is the answer.
        }
        catch (HttpRequestException ex)
        {
            throw HubErrors.Unreachable(hub, ex);
        }
        return new WaitOutcome(spans, dropped);
    }

    // Each complete event (ending in a blank line) is taken out of the buffer; a partial one waits for the next read.
    private static DroppedNotice? TakeEvents(StringBuilder buffer, List<SpanRecord> spans, int limit)
    {
        DroppedNotice? dropped = null;
        var text = buffer.ToString();
        var start = 0;
        int end;
        while ((end = text.IndexOf("\n\n", start, StringComparison.Ordinal)) >= 0)
        {
            string? type = null;
            string? data = null;
            foreach (var line in text.AsSpan(start, end - start).EnumerateLines())
            {
                if (line.StartsWith("event: "))
                {
                    type = line["event: ".Length..].ToString();
                }
                else if (line.StartsWith("data: "))
                {
                    data = line["data: ".Length..].ToString();
                }
            }
            start = end + 2;
            if (data is null)
            {
                continue;
            }
            if (type == "span" && spans.Count < limit)
            {
                spans.Add(JsonSerializer.Deserialize(data, QylJsonContext.Default.SpanRecord)!);
            }
            else if (type == "dropped")
            {
                dropped ??= JsonSerializer.Deserialize(data, QylJsonContext.Default.DroppedNotice);
            }
        }
        buffer.Remove(0, start);
        return dropped;
    }
}
