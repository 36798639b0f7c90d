using System.Diagnostics;

namespace Qyl.Cli.Demo;

/// <summary>
/// Simulated GenAI agent sessions: each turn of a session is one trace, an <c>invoke_agent</c> root
/// over <c>chat</c> → <c>execute_tool</c> → <c>chat</c> ... with the conversation so far on every chat
/// span, nested HTTP/database work under the tools, models of several providers from qyl's price
/// table, realistic token counts (cache reads as the history repeats), a few rate-limited calls and
/// failing tools. Sessions run their script turn by turn, round robin; a finished session is replaced
/// by a new one. Timestamps are synthesized (a turn ends now), so a slow call costs no waiting.
/// </summary>
internal sealed class AgentTraffic
{
    private static readonly DemoModel[] s_models =
    [
        new("openai", "gpt-4o", "gpt-4o-2024-08-06", "api.openai.com", Caches: true),
        new("anthropic", "claude-sonnet-4", "claude-sonnet-4-20250514", "api.anthropic.com", Caches: true),
        new("gcp.gemini", "gemini-2.5-flash", "gemini-2.5-flash", "generativelanguage.googleapis.com", Caches: false),
        new("mistral_ai", "mistral-large-latest", "mistral-large-2411", "api.mistral.ai", Caches: false),
        new("deepseek", "deepseek-chat", "deepseek-chat", "api.deepseek.com", Caches: true),
        new("azure.ai.openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "demo.openai.azure.com", Caches: true),
        new("groq", "llama-3.3-70b-versatile", "llama-3.3-70b-versatile", "api.groq.com", Caches: false),
        new("anthropic", "claude-3-5-haiku-latest", "claude-3-5-haiku-20241022", "api.anthropic.com", Caches: true),
        new("openai", "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14", "api.openai.com", Caches: true),
    ];

    // Between an answer and the user's next message.
    private const double ThinkTimeMilliseconds = 300;

    private readonly IReadOnlyDictionary<string, ActivitySource> _sources;
    private readonly Random _random;
    private readonly DemoConversation[] _sessions;
    private readonly DemoLogs? _logs;
    private int _started;
    private int _turn;

    public AgentTraffic(IReadOnlyDictionary<string, ActivitySource> sources, int sessions, Random random, DemoLogs? logs = null)
    {
        _sources = sources;
        _logs = logs;
        _random = random;
        _sessions = new DemoConversation[sessions];
        for (var i = 0; i < sessions; i++)
        {
            _sessions[i] = NewSession();
        }
    }

    /// <summary>The services the scripts run in (one tracer provider each).</summary>
    public static IEnumerable<string> Services => DemoScripts.Agents.Select(a => a.Service).Distinct();

    /// <summary>Emits the next turn of the next session (one trace) and returns how many spans it made.</summary>
    public int EmitTurn()
    {
        var index = _turn++ % _sessions.Length;
        if (_sessions[index].Finished)
        {
            _sessions[index] = NewSession();
        }
        var session = _sessions[index];
        var steps = PlanTurn(session);

        // Lay the turn out backwards from now: the steps in order, a little gap between them. A turn
        // must start after the session's previous one ended (the user read the answer first), so one
        // planned longer than the time since then is squeezed; at rates too high to fit at all it
        // starts just after the previous turn and ends a little in the future.
        var planned = steps.Sum(s => s.Duration.TotalMilliseconds + 2) + 5;
        var end = DateTimeOffset.UtcNow;
        var available = session.LastEnd is { } last ? (end - last).TotalMilliseconds - ThinkTimeMilliseconds : double.MaxValue;
        var scale = planned <= available ? 1.0 : Math.Max(available, planned * 0.05) / planned;
        var start = end - TimeSpan.FromMilliseconds(planned * scale);
        if (session.LastEnd is { } previous && start < previous + TimeSpan.FromMilliseconds(ThinkTimeMilliseconds))
        {
            start = previous + TimeSpan.FromMilliseconds(ThinkTimeMilliseconds);
            end = start + TimeSpan.FromMilliseconds(planned * scale);
        }
        session.LastEnd = end;
        var source = _sources[session.Script.Service];
        var common = new List<KeyValuePair<string, object?>>
        {
            new("session.id", session.SessionId),
            new("gen_ai.conversation.id", session.SessionId),
        };
        using var root = source.StartActivity($"invoke_agent {session.Script.Agent}", ActivityKind.Internal, default(ActivityContext),
            [.. common, new("gen_ai.operation.name", "invoke_agent"), new("gen_ai.agent.name", session.Script.Agent),
                new("gen_ai.provider.name", session.Model.Provider), new("gen_ai.request.model", session.Model.Request)],
            startTime: start);
        if (root is null)
        {
            return 0;
        }
        // The agent's own stdout line for the turn, tied to its span.
        _logs?.Add(new(session.Script.Service, start, 9, "INFO", $"{session.Script.Agent}: turn for {session.SessionId} with {steps.Count} steps",
            null, root.TraceId, root.SpanId, [new("session.id", session.SessionId)]));
        var spans = 1;
        var cursor = start + TimeSpan.FromMilliseconds(2 * scale);
        var anyFailed = false;
        foreach (var step in steps)
        {
            var duration = step.Duration * scale;
            spans += step.Emit(source, root.Context, cursor, duration, common);
            cursor += duration + TimeSpan.FromMilliseconds(2 * scale);
            anyFailed |= step.Failed;
        }
        if (anyFailed)
        {
            root.SetStatus(ActivityStatusCode.Error, "a step of the agent failed");
        }
        root.SetEndTime(end.UtcDateTime);
        return spans;
    }

    private DemoConversation NewSession()
    {
        var n = _started++;
        return new DemoConversation(DemoScripts.Agents[n % DemoScripts.Agents.Length], s_models[n % s_models.Length], _random);
    }

    /// <summary>The turn's steps, with the history advanced as the model and tools answer.</summary>
    private List<DemoStep> PlanTurn(DemoConversation session)
    {
        var turn = session.BeginTurn();
        var steps = new List<DemoStep>();
        foreach (var tool in turn.Tools)
        {
            var callId = "call_" + Guid.NewGuid().ToString("N")[..12];
            AddChat(steps, session, tool, null, callId);
            steps.Add(DemoSteps.Tool(tool, callId, _random));
            session.ToolResult(tool, callId);
        }
        AddChat(steps, session, null, turn.Answer, "");
        return steps;
    }

    private void AddChat(List<DemoStep> steps, DemoConversation session, ScriptedTool? tool, string? answer, string callId)
    {
        // Now and then the provider rate-limits the first attempt; the client retries.
        if (_random.NextDouble() < 0.04)
        {
            steps.Add(DemoSteps.RateLimited(session, _random));
        }
        var slow = _random.NextDouble() < 0.08;
        steps.Add(DemoSteps.Chat(session, session.Call(tool, answer, callId), slow, _random));
    }
}
