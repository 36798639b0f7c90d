using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Qyl.Contracts;
using Qyl.Mcp;

namespace Qyl.Cli.Mcp;

/// <summary>
/// The MCP tools' data for <c>qyl mcp</c>: a hub's query API (<c>/api/v1/...</c>) for the queries and its
/// SSE stream for waits (<see cref="SseSpanWait"/>). Logs and messages are read where the hub serves them
/// and reported as unavailable where it does not (an older hub), so one CLI works against both.
/// </summary>
internal sealed class HttpTelemetrySource(HttpClient http, Uri hub) : IQylTelemetrySource
{
    private readonly SseSpanWait _wait = new(http, hub);

    public async Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) =>
        (await GetAsync("/api/v1/services", null, QylJsonContext.Default.ServiceSummaryArray, cancellationToken).ConfigureAwait(false))!;

    public async Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string>>();
        HubQuery.Add(query, "serviceName", serviceName);
        HubQuery.Add(query, "limit", limit.ToString(CultureInfo.InvariantCulture));
        return (await GetAsync("/api/v1/sessions", query, QylJsonContext.Default.SessionSummaryArray, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<TraceBundle?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        using var body = await SendAsync($"/api/v1/traces/{traceId}", null, static async (stream, ct) => (JsonDocument?)await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }
        var root = body.RootElement;
        var spans = root.GetProperty("spans").EnumerateArray().Select(s => s.Deserialize(QylJsonContext.Default.SpanRecord)!).ToList();
        // The contract adds logs to the trace body; a hub without the logs store leaves it out.
        var logs = root.TryGetProperty("logs", out var logsJson)
            ? logsJson.EnumerateArray().Select(l => l.Deserialize(QylJsonContext.Default.LogRecord)!).ToList()
            : null;
        var messages = await GetAsync($"/api/v1/traces/{traceId}/messages", null, QylJsonContext.Default.TraceMessages, cancellationToken).ConfigureAwait(false);
        return new TraceBundle(root.GetProperty("traceId").GetString() ?? traceId, spans, logs, messages?.Messages);
    }

    public Task<SessionMessages?> GetSessionMessagesAsync(string sessionId, int limit, CancellationToken cancellationToken) =>
        GetAsync(
            $"/api/v1/sessions/{Uri.EscapeDataString(sessionId)}/messages",
            [new("limit", limit.ToString(CultureInfo.InvariantCulture))],
            QylJsonContext.Default.SessionMessages,
            cancellationToken);

    public async Task<IReadOnlyList<SpanRecord>> SearchSpansAsync(SpanFilter filter, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var query = HubQuery.Filter(filter);
        query.Add(new("afterSeq", afterSeq.ToString(CultureInfo.InvariantCulture)));
        query.Add(new("limit", limit.ToString(CultureInfo.InvariantCulture)));
        var page = await GetAsync("/api/v1/spans", query, QylJsonContext.Default.SpanPage, cancellationToken).ConfigureAwait(false);
        return page?.Spans ?? [];
    }

    public Task<WaitOutcome> WaitForSpansAsync(SpanFilter filter, long? afterSeq, int limit, TimeSpan timeout, CancellationToken cancellationToken) =>
        _wait.WaitAsync(filter, afterSeq, limit, timeout, cancellationToken);

    /// <summary>GET and parse; null on 404 (unknown trace, or a route this hub does not have).</summary>
    private Task<T?> GetAsync<T>(string path, IEnumerable<KeyValuePair<string, string>>? query, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(path, query, (stream, ct) => JsonSerializer.DeserializeAsync(stream, type, ct), cancellationToken);

    private async Task<T?> SendAsync<T>(string path, IEnumerable<KeyValuePair<string, string>>? query, Func<Stream, CancellationToken, ValueTask<T?>> read, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(HubQuery.Build(hub, path, query), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return default;
            }
            await HubErrors.EnsureSuccessAsync(response, hub, cancellationToken).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await read(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw HubErrors.Unreachable(hub, ex);
        }
        catch (JsonException ex)
        {
            throw new TelemetryUnavailableException($"The qyl hub at {hub} answered {path} with JSON this qyl does not read ({ex.Message}); is --url a qyl hub?", ex);
        }
    }
}
