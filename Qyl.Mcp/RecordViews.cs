using System.Text.Json;
using System.Text.Json.Nodes;
using Qyl.Contracts;

namespace Qyl.Mcp;

/// <summary>
/// How records look in tool results. The summary is what a model needs to follow a run (which span, its
/// place in the tree, how long, did it fail, which model, how many tokens and what it cost); nulls are left out to keep
/// it short. Full records are the contract's JSON with long values cut.
/// </summary>
internal static class RecordViews
{
    public static JsonObject Span(SpanRecord span, bool full, ContentCutter cutter) =>
        full ? (JsonObject)cutter.Cut(JsonSerializer.SerializeToNode(span, McpJson.Default.SpanRecord))! : SpanSummary(span, cutter);

    public static JsonObject SpanSummary(SpanRecord span, ContentCutter cutter)
    {
        var summary = new JsonObject
        {
            ["seq"] = span.Seq,
            ["traceId"] = span.TraceId,
            ["spanId"] = span.SpanId,
        };
        AddIfSet(summary, "parentSpanId", span.ParentSpanId);
        summary["name"] = cutter.Cut(span.Name);
        summary["serviceName"] = span.ServiceName;
        AddIfSet(summary, "sessionId", span.SessionId);
        summary["startTime"] = Iso(span.StartTimeUnixNano);
        summary["durationMs"] = span.DurationMs is { } durationMs ? Math.Round(durationMs, 3) : null;
        if (span.InProgress)
        {
            summary["inProgress"] = true;
        }
        summary["status"] = span.Status;
        AddIfSet(summary, "statusMessage", cutter.Cut(span.StatusMessage));
        if (span.GenAi is { } genAi)
        {
            var g = new JsonObject { ["operationName"] = genAi.OperationName };
            AddIfSet(g, "model", genAi.ResponseModel ?? genAi.RequestModel);
            AddIfSet(g, "inputTokens", genAi.InputTokens);
            AddIfSet(g, "outputTokens", genAi.OutputTokens);
            if (genAi.CostUsd is { } costUsd)
            {
                g["costUsd"] = costUsd;
            }
            AddIfSet(g, "toolName", genAi.ToolName);
            AddIfSet(g, "agentName", genAi.AgentName);
            summary["genAi"] = g;
        }
        return summary;
    }

    public static JsonObject Log(LogRecord log, ContentCutter cutter) =>
        (JsonObject)cutter.Cut(JsonSerializer.SerializeToNode(log, McpJson.Default.LogRecord))!;

    public static JsonObject Message(ConversationMessage message, ContentCutter cutter) =>
        (JsonObject)cutter.Cut(JsonSerializer.SerializeToNode(message, McpJson.Default.ConversationMessage))!;

    /// <summary>Nanoseconds since the epoch as an ISO 8601 UTC time, which a model reads without arithmetic.</summary>
    public static string? Iso(long unixNano) =>
        unixNano <= 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(unixNano / 1_000_000).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static void AddIfSet(JsonObject obj, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            obj[name] = value;
        }
    }

    private static void AddIfSet(JsonObject obj, string name, long? value)
    {
        if (value is { } v)
        {
            obj[name] = v;
        }
    }
}
