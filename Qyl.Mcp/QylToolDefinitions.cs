using System.Text.Json;

namespace Qyl.Mcp;

/// <summary>One tool as a client sees it in <c>tools/list</c>: the contract's name, a description written for a model, and its argument schema.</summary>
public sealed record QylToolDefinition(string Name, string Title, string Description, JsonElement InputSchema);

/// <summary>
/// The six tools of the contract's MCP section. Names are fixed by the contract; descriptions say what a
/// model needs to call them well (what comes back, how big, what the cursor means).
/// </summary>
public static class QylToolDefinitions
{
    /// <summary>Tool names (fixed by the contract).</summary>
    public const string ListServices = "list_services";

    /// <inheritdoc cref="ListServices"/>
    public const string ListSessions = "list_sessions";

    /// <inheritdoc cref="ListServices"/>
    public const string GetTrace = "get_trace";

    /// <inheritdoc cref="ListServices"/>
    public const string GetSessionMessages = "get_session_messages";

    /// <inheritdoc cref="ListServices"/>
    public const string SearchSpans = "search_spans";

    /// <inheritdoc cref="ListServices"/>
    public const string WaitForSpans = "wait_for_spans";

    /// <summary>Longest wait <c>wait_for_spans</c> accepts: long enough to watch a step, short enough for clients' request timeouts.</summary>
    public const int MaxWaitSeconds = 60;

    // Filter properties shared by search_spans and wait_for_spans: the contract's SpanFilter, ANDed.
    private const string FilterProperties = """
        "serviceName": { "type": "string", "description": "Only spans of this service (resource attribute service.name)." },
        "sessionId": { "type": "string", "description": "Only spans of this session (span attribute session.id, else gen_ai.conversation.id)." },
        "traceId": { "type": "string", "pattern": "^[0-9a-fA-F]{32}$", "description": "Only spans of this trace: 32 hex characters." },
        "genAiOnly": { "type": "boolean", "description": "When true, only GenAI spans (those with gen_ai.operation.name: model calls, tool executions, agent steps)." },
        "detail": { "type": "string", "enum": ["summary", "full"], "default": "summary", "description": "summary (default): seq, ids, name, service, duration, status and GenAI model/tokens per span. full: every attribute and event, long values cut." }
        """;

    /// <summary>All six, in the order <c>tools/list</c> returns them.</summary>
    public static IReadOnlyList<QylToolDefinition> All { get; } =
    [
        new(ListServices, "List services",
            "Lists the services that have sent spans to this qyl hub, with span counts and when each was last seen. Start here to learn the serviceName values the other tools filter on.",
            Schema("""{ "type": "object", "properties": {}, "additionalProperties": false }""")),
        new(ListSessions, "List sessions",
            "Lists GenAI/agent sessions (spans grouped by session.id or gen_ai.conversation.id), most recent first: span and trace counts, first/last seen, input/output tokens, error count, costUsd (priced model calls, USD) and unpricedSpans (model calls with tokens but no known price, left out of costUsd). Use a sessionId with get_session_messages or as a filter of search_spans and wait_for_spans.",
            Schema("""
                {
                  "type": "object",
                  "properties": {
                    "serviceName": { "type": "string", "description": "Only sessions of this service." },
                    "limit": { "type": "integer", "minimum": 1, "maximum": 200, "default": 20, "description": "Most sessions to return." }
                  },
                  "additionalProperties": false
                }
                """)),
        new(GetTrace, "Get trace",
            "Returns one trace: its spans in seq order (a compact summary each by default, every attribute with detail=full), the log records that belong to it, and the conversation messages of its model calls when the hub has them, with the trace's costUsd and unpricedSpans as list_sessions. Long values are cut and the result says so.",
            Schema("""
                {
                  "type": "object",
                  "properties": {
                    "traceId": { "type": "string", "pattern": "^[0-9a-fA-F]{32}$", "description": "The trace id: 32 hex characters (from search_spans, wait_for_spans or list_sessions' traces)." },
                    "detail": { "type": "string", "enum": ["summary", "full"], "default": "summary", "description": "summary (default) or full span records." },
                    "limit": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 200, "description": "Most spans to return (the first ones by seq); the result says how many were left out." }
                  },
                  "required": ["traceId"],
                  "additionalProperties": false
                }
                """)),
        new(GetSessionMessages, "Get session messages",
            "Returns the conversation of one session: system, user, assistant and tool messages with their text, tool calls and tool results, in conversation order, each message repeated by later calls shown once. The most recent `limit` messages; long text is cut and the result says so.",
            Schema("""
                {
                  "type": "object",
                  "properties": {
                    "sessionId": { "type": "string", "minLength": 1, "description": "The session id (from list_sessions or a span's sessionId)." },
                    "limit": { "type": "integer", "minimum": 1, "maximum": 500, "default": 100, "description": "Most recent messages to return." }
                  },
                  "required": ["sessionId"],
                  "additionalProperties": false
                }
                """)),
        new(SearchSpans, "Search spans",
            "Returns stored spans after a seq cursor that match a filter (fields ANDed), oldest first, with nextAfterSeq: pass it as afterSeq to page on, or to wait_for_spans to watch what comes next. afterSeq 0 starts at the oldest stored span.",
            Schema($$"""
                {
                  "type": "object",
                  "properties": {
                    {{FilterProperties}},
                    "afterSeq": { "type": "integer", "minimum": 0, "default": 0, "description": "Only spans with seq above this cursor (a nextAfterSeq or a span's seq)." },
                    "limit": { "type": "integer", "minimum": 1, "maximum": 500, "default": 50, "description": "Most spans to return." }
                  },
                  "additionalProperties": false
                }
                """)),
        new(WaitForSpans, "Wait for spans",
            $"Waits for spans matching a filter, on the hub's live stream (no polling): returns as soon as at least one matching span with seq above afterSeq exists (already stored ones at once), with nextAfterSeq for the next call; returns an empty list with timedOut=true when timeoutSeconds (at most {MaxWaitSeconds}) pass first. Use it to watch your own run: start the program, then call this in a loop with the last nextAfterSeq. Without afterSeq it waits for spans that arrive after the call.",
            Schema($$"""
                {
                  "type": "object",
                  "properties": {
                    {{FilterProperties}},
                    "afterSeq": { "type": "integer", "minimum": 0, "description": "Only spans with seq above this cursor (nextAfterSeq of a previous call). Omit to wait for spans arriving from now on." },
                    "timeoutSeconds": { "type": "number", "exclusiveMinimum": 0, "maximum": {{MaxWaitSeconds}}, "default": 30, "description": "Longest wait, in seconds (at most {{MaxWaitSeconds}})." },
                    "limit": { "type": "integer", "minimum": 1, "maximum": 500, "default": 50, "description": "Most spans to return at once; the rest follow on the next call with nextAfterSeq." }
                  },
                  "additionalProperties": false
                }
                """)),
    ];

    private static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
