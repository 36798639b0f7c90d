using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Qyl.Contracts;

namespace Qyl.Mcp;

/// <summary>
/// The six tools, written once: the hub serves them at <c>/mcp</c> over its own store and fan-out, and
/// <c>qyl mcp</c> serves them over stdio through a hub's HTTP API. Only the <see cref="IQylTelemetrySource"/> differs.
/// </summary>
public static class QylTools
{
    /// <summary>What the server tells a client's model about these tools as a whole (MCP <c>instructions</c>).</summary>
    public const string Instructions =
        "qyl holds the OpenTelemetry spans of the programs that send to it (GenAI and agent runs included). " +
        "Every span has a seq: a cursor that only grows. To watch a run live: search_spans (or list_sessions) to find " +
        "where to start, then wait_for_spans in a loop with the last nextAfterSeq; it returns as soon as a matching span " +
        "arrives. get_trace shows one trace, get_session_messages one conversation. Results are summaries; ask for " +
        "detail=full when you need attributes.";

    /// <summary>The tools, each resolving its source per call (the hub: from the request's services).</summary>
    public static IReadOnlyList<McpServerTool> Create(Func<RequestContext<CallToolRequestParams>, IQylTelemetrySource> resolveSource)
    {
        ArgumentNullException.ThrowIfNull(resolveSource);
        return QylToolDefinitions.All.Select(definition => (McpServerTool)new QylMcpTool(definition, HandlerFor(definition.Name), resolveSource)).ToList();
    }

    /// <summary>The tools over one fixed source (<c>qyl mcp</c>).</summary>
    public static IReadOnlyList<McpServerTool> Create(IQylTelemetrySource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Create(_ => source);
    }

    private static Func<ToolArguments, IQylTelemetrySource, CancellationToken, Task<JsonObject>> HandlerFor(string name) => name switch
    {
        QylToolDefinitions.ListServices => ListServicesAsync,
        QylToolDefinitions.ListSessions => ListSessionsAsync,
        QylToolDefinitions.GetTrace => GetTraceAsync,
        QylToolDefinitions.GetSessionMessages => GetSessionMessagesAsync,
        QylToolDefinitions.SearchSpans => SearchSpansAsync,
        QylToolDefinitions.WaitForSpans => WaitForSpansAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No handler for this tool."),
    };

    private static async Task<JsonObject> ListServicesAsync(ToolArguments args, IQylTelemetrySource source, CancellationToken ct)
    {
        var services = await source.GetServicesAsync(ct).ConfigureAwait(false);
        var rows = new JsonArray();
        foreach (var s in services)
        {
            rows.Add(new JsonObject { ["serviceName"] = s.ServiceName, ["spanCount"] = s.SpanCount, ["lastSeen"] = RecordViews.Iso(s.LastSeenUnixNano) });
        }
        return new JsonObject { ["services"] = rows };
    }

    private static async Task<JsonObject> ListSessionsAsync(ToolArguments args, IQylTelemetrySource source, CancellationToken ct)
    {
        var serviceName = args.OptionalString("serviceName");
        var limit = args.Int("limit", 1, 200, 20);
        var sessions = await source.GetSessionsAsync(serviceName, limit, ct).ConfigureAwait(false);
        var cutter = new ContentCutter();
        var rows = new JsonArray();
        foreach (var s in sessions)
        {
            rows.Add(new JsonObject
            {
                ["sessionId"] = cutter.Cut(s.SessionId),
                ["serviceName"] = s.ServiceName,
                ["spanCount"] = s.SpanCount,
                ["traceCount"] = s.TraceCount,
                ["firstSeen"] = RecordViews.Iso(s.FirstSeenUnixNano),
                ["lastSeen"] = RecordViews.Iso(s.LastSeenUnixNano),
                ["inputTokens"] = s.InputTokens,
                ["outputTokens"] = s.OutputTokens,
                ["errorCount"] = s.ErrorCount,
                ["costUsd"] = s.CostUsd,
                ["unpricedSpans"] = s.UnpricedSpans,
            });
        }
        return WithNotes(new JsonObject { ["sessions"] = rows }, cutter.Note);
    }

    private static async Task<JsonObject> GetTraceAsync(ToolArguments args, IQylTelemetrySource source, CancellationToken ct)
    {
        var traceId = args.OptionalTraceId("traceId")
            ?? throw new ToolArgumentException("Argument 'traceId' is required: 32 hexadecimal characters (a W3C trace id).");
        var full = args.Full();
        var limit = args.Int("limit", 1, 1000, 200);
        var trace = await source.GetTraceAsync(traceId, ct).ConfigureAwait(false)
            ?? throw new ToolArgumentException($"No spans or log records of trace '{traceId}' are stored (never received, or past retention). search_spans lists the stored ones.");
        var cutter = new ContentCutter();
        var budget = new ResultBudget();
        var notes = new List<string?>();
        var (costUsd, unpricedSpans) = Cost(trace.Spans);
        var result = new JsonObject
        {
            ["traceId"] = trace.TraceId,
            ["spanCount"] = trace.Spans.Count,
            ["costUsd"] = costUsd,
            ["unpricedSpans"] = unpricedSpans,
        };
        var spans = budget.Fill(trace.Spans.Take(limit), s => RecordViews.Span(s, full, cutter), out var shownSpans);
        result["spans"] = spans;
        if (shownSpans < trace.Spans.Count)
        {
            notes.Add($"Showing the first {shownSpans} of {trace.Spans.Count} spans (limit {limit}, result size {ContentCutter.MaxResultChars} characters); search_spans with traceId and afterSeq={trace.Spans[shownSpans - 1].Seq} pages on.");
        }
        if (trace.Logs is { } logs)
        {
            result["logs"] = budget.Fill(logs, l => RecordViews.Log(l, cutter), out var shownLogs);
            if (shownLogs < logs.Count)
            {
                notes.Add($"Showing {shownLogs} of {logs.Count} log records to keep the result under {ContentCutter.MaxResultChars} characters.");
            }
        }
        else
        {
            notes.Add("This hub serves no log records, so none are shown.");
        }
        if (trace.Messages is { } messages)
        {
            result["messages"] = budget.Fill(messages, m => RecordViews.Message(m, cutter), out var shownMessages);
            if (shownMessages < messages.Count)
            {
                notes.Add($"Showing {shownMessages} of {messages.Count} messages to keep the result under {ContentCutter.MaxResultChars} characters.");
            }
        }
        else
        {
            notes.Add("This hub serves no conversation messages, so none are shown; GenAI attributes are in detail=full.");
        }
        notes.Add(cutter.Note);
        return WithNotes(result, [.. notes]);
    }

    private static async Task<JsonObject> GetSessionMessagesAsync(ToolArguments args, IQylTelemetrySource source, CancellationToken ct)
    {
        var sessionId = args.RequiredString("sessionId");
        var limit = args.Int("limit", 1, 500, 100);
        var session = await source.GetSessionMessagesAsync(sessionId, limit, ct).ConfigureAwait(false)
            ?? throw new ToolArgumentException($"No spans of session '{sessionId}' are stored (never received, or past retention). list_sessions lists the stored ones.");
        var cutter = new ContentCutter();
        var budget = new ResultBudget();
        var messages = budget.Fill(session.Messages, m => RecordViews.Message(m, cutter), out var shown);
        string? omitted = shown < session.Messages.Count
            ? $"Showing the first {shown} of {session.Messages.Count} messages to keep the result under {ContentCutter.MaxResultChars} characters; a smaller limit returns the most recent ones."
            : null;
        return WithNotes(new JsonObject { ["sessionId"] = session.SessionId, ["messages"] = messages }, omitted, cutter.Note);
    }

    private static async Task<JsonObject> SearchSpansAsync(ToolArguments args, IQylTelemetrySource source, CancellationToken ct)
    {
        var filter = args.Filter();
        var full = args.Full();
        var afterSeq = args.OptionalLong("afterSeq", 0, long.MaxValue) ?? 0;
        var limit = args.Int("limit", 1, 500, 50);
        var spans = await source.SearchSpansAsync(filter, afterSeq, limit, ct).ConfigureAwait(false);
        var (result, more) = SpanList(spans, full, afterSeq);
        result["more"] = more || spans.Count == limit;
        return result;
    }

    private static async Task<JsonObject> WaitForSpansAsync(ToolArguments args, IQylTelemetrySource source, CancellationToken ct)
    {
        var filter = args.Filter();
        var full = args.Full();
        var afterSeq = args.OptionalLong("afterSeq", 0, long.MaxValue);
        var timeout = TimeSpan.FromSeconds(args.Seconds("timeoutSeconds", QylToolDefinitions.MaxWaitSeconds, 30));
        var limit = args.Int("limit", 1, 500, 50);
        var started = Stopwatch.GetTimestamp();
        var outcome = await source.WaitForSpansAsync(filter, afterSeq, limit, timeout, ct).ConfigureAwait(false);
        var spans = outcome.Spans.Count > limit ? outcome.Spans.Take(limit).ToList() : outcome.Spans;
        var (result, _) = SpanList(spans, full, afterSeq);
        result["timedOut"] = spans.Count == 0;
        result["waitedMs"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        if (outcome.Dropped is { } dropped)
        {
            result["dropped"] = new JsonObject { ["fromSeq"] = dropped.FromSeq, ["toSeq"] = dropped.ToSeq };
            AddNote(result, $"Spans with seq {dropped.FromSeq} to {dropped.ToSeq} are no longer stored (evicted, past retention or before a restart), so any that matched cannot be shown.");
            if (spans.Count == 0)
            {
                result["nextAfterSeq"] = Math.Max(afterSeq ?? 0, dropped.ToSeq);
            }
        }
        if (spans.Count == 0 && afterSeq is null)
        {
            AddNote(result, "No span arrived; call again without afterSeq to keep waiting for new spans, or with a seq from search_spans.");
        }
        return result;
    }

    // Shared by search_spans and wait_for_spans: the cursor is the last span shown, so spans cut by the
    // size budget come with the next call rather than being skipped.
    private static (JsonObject Result, bool CutByBudget) SpanList(IReadOnlyList<SpanRecord> spans, bool full, long? afterSeq)
    {
        var cutter = new ContentCutter();
        var budget = new ResultBudget();
        var list = budget.Fill(spans, s => RecordViews.Span(s, full, cutter), out var shown);
        var result = new JsonObject { ["spans"] = list };
        long? next = shown > 0 ? spans[shown - 1].Seq : afterSeq;
        if (next is { } cursor)
        {
            result["nextAfterSeq"] = cursor;
        }
        var budgetNote = shown < spans.Count
            ? $"Stopped after {shown} of {spans.Count} spans to keep the result under {ContentCutter.MaxResultChars} characters; call again with afterSeq={next} for the rest."
            : null;
        return (WithNotes(result, budgetNote, cutter.Note), shown < spans.Count);
    }

    // As the store's trace and session summaries: the priced calls summed exactly (decimal), and the GenAI
    // spans with tokens but no known price counted, since that sum leaves them out.
    private static (double CostUsd, long UnpricedSpans) Cost(IReadOnlyList<SpanRecord> spans)
    {
        decimal cost = 0;
        long unpriced = 0;
        foreach (var span in spans)
        {
            if (span.GenAi?.CostUsd is { } spanCost)
            {
                cost += (decimal)spanCost;
            }
            else if (GenAiPricing.IsUnpriced(span))
            {
                unpriced++;
            }
        }
        return ((double)cost, unpriced);
    }

    private static JsonObject WithNotes(JsonObject result, params string?[] notes)
    {
        foreach (var note in notes)
        {
            AddNote(result, note);
        }
        return result;
    }

    private static void AddNote(JsonObject result, string? note)
    {
        if (note is null)
        {
            return;
        }
        if (result["notes"] is not JsonArray array)
        {
            array = [];
            result["notes"] = array;
        }
        array.Add(note);
    }
}
