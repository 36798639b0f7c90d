using System.Diagnostics;

namespace Qyl.Cli.Demo;

/// <summary>
/// Simulated GenAI agent conversations: each turn is one trace with an <c>invoke_agent</c> root, LLM
/// <c>chat</c> calls, <c>execute_tool</c> calls with nested HTTP/database work, some failures and
/// some slow calls, attributed per the OpenTelemetry GenAI semantic conventions. Timestamps are
/// synthesized (a turn ends now), so a "slow" span costs no waiting.
/// </summary>
internal sealed class AgentTraffic(IReadOnlyList<ActivitySource> services, int sessions, Random random)
{
    private static readonly string[] s_agents = ["support-agent", "travel-planner", "research-assistant"];
    private static readonly (string Provider, string Request, string Response)[] s_models =
    [
        ("openai", "gpt-4o", "gpt-4o-2024-08-06"),
        ("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18"),
        ("anthropic", "claude-sonnet-4", "claude-sonnet-4-20250514"),
    ];
    private static readonly string[] s_tools = ["search_orders", "get_weather", "book_flight", "lookup_customer", "web_search"];

    private readonly string[] _sessionIds = [.. Enumerable.Range(0, sessions).Select(_ => "sess-" + Guid.NewGuid().ToString("N")[..12])];
    private int _turn;

    /// <summary>Emits one conversation turn (one trace) and returns how many spans it made.</summary>
    public int EmitTurn()
    {
        var sessionIndex = _turn++ % _sessionIds.Length;
        var sessionId = _sessionIds[sessionIndex];
        var source = services[sessionIndex % services.Count];
        var agent = s_agents[sessionIndex % s_agents.Length];
        var model = s_models[sessionIndex % s_models.Length];

        // Lay out the turn backwards from now: the plan first, then the activities in order.
        var steps = new List<Step> { Chat(model, slow: random.NextDouble() < 0.08, fail: random.NextDouble() < 0.03) };
        var toolCalls = random.Next(0, 3);
        for (var i = 0; i < toolCalls; i++)
        {
            steps.Add(Tool(s_tools[random.Next(s_tools.Length)], fail: random.NextDouble() < 0.06));
        }
        if (toolCalls > 0 && !steps[0].Failed)
        {
            steps.Add(Chat(model, slow: false, fail: false));
        }
        var total = steps.Sum(s => s.Duration.TotalMilliseconds) + 5;
        var end = DateTimeOffset.UtcNow;
        var start = end - TimeSpan.FromMilliseconds(total);

        var common = new List<KeyValuePair<string, object?>>
        {
            new("session.id", sessionId),
            new("gen_ai.conversation.id", sessionId),
        };
        using var root = source.StartActivity($"invoke_agent {agent}", ActivityKind.Internal, default(ActivityContext),
            [.. common, new("gen_ai.operation.name", "invoke_agent"), new("gen_ai.agent.name", agent), new("gen_ai.provider.name", model.Provider), new("gen_ai.request.model", model.Request)],
            startTime: start);
        if (root is null)
        {
            return 0;
        }
        var spans = 1;
        var cursor = start + TimeSpan.FromMilliseconds(2);
        var anyFailed = false;
        foreach (var step in steps)
        {
            spans += step.Emit(source, root.Context, cursor, common);
            cursor += step.Duration;
            anyFailed |= step.Failed;
        }
        if (anyFailed)
        {
            root.SetStatus(ActivityStatusCode.Error, "a step of the agent failed");
        }
        root.SetEndTime(end.UtcDateTime);
        return spans;
    }

    private Step Chat((string Provider, string Request, string Response) model, bool slow, bool fail)
    {
        var ms = slow ? random.Next(4000, 12000) : random.Next(300, 1800);
        var input = random.Next(200, 4000);
        var output = fail ? 0 : random.Next(20, 900);
        return new Step(TimeSpan.FromMilliseconds(ms), fail, (source, parent, at, common) =>
        {
            using var chat = source.StartActivity($"chat {model.Request}", ActivityKind.Client, parent,
                [.. common,
                    new("gen_ai.operation.name", "chat"), new("gen_ai.provider.name", model.Provider),
                    new("gen_ai.request.model", model.Request), new("gen_ai.response.model", model.Response),
                    new("gen_ai.usage.input_tokens", (long)input), new("gen_ai.usage.output_tokens", (long)output),
                    new("gen_ai.request.temperature", 0.2), new("server.address", model.Provider == "openai" ? "api.openai.com" : "api.anthropic.com")],
                startTime: at);
            if (chat is null)
            {
                return 0;
            }
            if (fail)
            {
                chat.SetTag("error.type", "429");
                chat.SetStatus(ActivityStatusCode.Error, "rate limited by provider (429)");
            }
            else
            {
                chat.SetTag("gen_ai.response.finish_reasons", new[] { "stop" });
            }
            chat.SetEndTime((at + TimeSpan.FromMilliseconds(ms)).UtcDateTime);
            return 1;
        });
    }

    private Step Tool(string tool, bool fail)
    {
        var ms = random.Next(40, 900);
        return new Step(TimeSpan.FromMilliseconds(ms), fail, (source, parent, at, common) =>
        {
            using var call = source.StartActivity($"execute_tool {tool}", ActivityKind.Internal, parent,
                [.. common, new("gen_ai.operation.name", "execute_tool"), new("gen_ai.tool.name", tool), new("gen_ai.tool.call.id", "call_" + Guid.NewGuid().ToString("N")[..10])],
                startTime: at);
            if (call is null)
            {
                return 0;
            }
            // The tool's own work: an HTTP call or a query, nested under the tool span.
            var innerMs = ms * 0.7;
            var isDb = tool is "search_orders" or "lookup_customer";
            using (var inner = source.StartActivity(isDb ? "SELECT orders" : "GET", isDb ? ActivityKind.Client : ActivityKind.Client, call.Context,
                isDb
                    ? [.. common, new("db.system.name", "postgresql"), new("db.query.text", "SELECT * FROM orders WHERE customer_id = $1")]
                    : [.. common, new("http.request.method", "GET"), new("url.full", $"https://api.example.com/{tool}"), new("http.response.status_code", fail ? 503L : 200L)],
                startTime: at + TimeSpan.FromMilliseconds(ms * 0.1)))
            {
                if (fail)
                {
                    inner?.SetStatus(ActivityStatusCode.Error, isDb ? "connection reset by peer" : "503 Service Unavailable");
                }
                inner?.SetEndTime((at + TimeSpan.FromMilliseconds(ms * 0.1 + innerMs)).UtcDateTime);
            }
            if (fail)
            {
                call.SetTag("error.type", "tool_error");
                call.SetStatus(ActivityStatusCode.Error, $"{tool} failed");
            }
            call.SetEndTime((at + TimeSpan.FromMilliseconds(ms)).UtcDateTime);
            return 2;
        });
    }

    private sealed record Step(
        TimeSpan Duration,
        bool Failed,
        Func<ActivitySource, ActivityContext, DateTimeOffset, List<KeyValuePair<string, object?>>, int> Emit);
}
