using System.Text.Json.Nodes;

namespace Qyl.Cli.Demo;

/// <summary>
/// One simulated session: its agent, model and the message history, which grows turn by turn and is
/// re-sent whole on every model call, as chat clients do. Messages are in the OpenTelemetry GenAI
/// convention (<c>role</c> and <c>parts</c> of type <c>text</c>, <c>tool_call</c>,
/// <c>tool_call_response</c>); token counts are estimated from their text (about 4 characters a token).
/// </summary>
internal sealed class DemoConversation(AgentScript script, DemoModel model, Random random)
{
    // Tool definitions (JSON schemas of half a dozen tools) and the agent's policy text are sent with
    // every request but not recorded as messages: a fixed overhead, typical of agent frameworks.
    private const int ToolDefinitionTokens = 1_450;
    private const int CacheBlockTokens = 128;
    private const int MinCacheableTokens = 1024;

    private readonly JsonArray _history = [];
    private long _historyTokens;
    private long _previousInputTokens;
    private int _nextTurn;

    public string SessionId { get; } = "sess-" + Guid.NewGuid().ToString("N")[..12];

    public AgentScript Script => script;

    public DemoModel Model => model;

    public bool Finished => _nextTurn >= script.Turns.Length;

    /// <summary>When the session's last turn ended, or null before its first.</summary>
    public DateTimeOffset? LastEnd { get; set; }

    /// <summary><c>gen_ai.system_instructions</c>.</summary>
    public string SystemInstructions { get; } = new JsonArray(Text(script.SystemPrompt)).ToJsonString();

    /// <summary>The next scripted turn; adds the user's message to the history.</summary>
    public ScriptedTurn BeginTurn()
    {
        var turn = script.Turns[_nextTurn++];
        Add("user", Text(turn.User), Tokens(turn.User));
        return turn;
    }

    /// <summary>A model call on the history so far; its reply (a tool call or the answer) joins the history.</summary>
    public ModelCall Call(ScriptedTool? tool, string? answer, string callId)
    {
        var input = Jitter(Tokens(script.SystemPrompt) + ToolDefinitionTokens + _historyTokens);
        var inputMessages = _history.ToJsonString();
        // Providers cache the prompt prefix the previous call sent, in blocks, above a minimum size.
        var cacheRead = model.Caches && _previousInputTokens >= MinCacheableTokens
            ? Math.Min(_previousInputTokens, input) / CacheBlockTokens * CacheBlockTokens
            : 0;
        _previousInputTokens = input;

        JsonObject part;
        long output;
        string finishReason;
        if (tool is not null)
        {
            part = new JsonObject { ["type"] = "tool_call", ["id"] = callId, ["name"] = tool.Name, ["arguments"] = JsonNode.Parse(tool.Arguments) };
            output = Jitter(Tokens(tool.Arguments) + 18);
            finishReason = "tool_call";
        }
        else
        {
            part = Text(answer!);
            output = Jitter(Tokens(answer!) + 6);
            finishReason = "stop";
        }
        Add("assistant", part, output);
        var outputMessage = new JsonObject { ["role"] = "assistant", ["parts"] = new JsonArray(part.DeepClone()), ["finish_reason"] = finishReason };
        return new ModelCall(inputMessages, new JsonArray(outputMessage).ToJsonString(), input, output, cacheRead, finishReason);
    }

    /// <summary>A tool's result joins the history as the <c>tool</c> role's response to <paramref name="callId"/>.</summary>
    public void ToolResult(ScriptedTool tool, string callId) =>
        Add("tool", new JsonObject { ["type"] = "tool_call_response", ["id"] = callId, ["response"] = JsonNode.Parse(tool.Result) }, Tokens(tool.Result) + 8);

    private void Add(string role, JsonObject part, long tokens)
    {
        _history.Add(new JsonObject { ["role"] = role, ["parts"] = new JsonArray(part) });
        // A few tokens of framing per message, as chat templates add.
        _historyTokens += tokens + 4;
    }

    private static JsonObject Text(string content) => new() { ["type"] = "text", ["content"] = content };

    private static long Tokens(string text) => (text.Length + 3) / 4;

    private long Jitter(long tokens) => Math.Max(1, (long)(tokens * (0.92 + (random.NextDouble() * 0.16))));
}

/// <summary>One model call's recorded messages and usage.</summary>
internal sealed record ModelCall(string InputMessages, string OutputMessages, long InputTokens, long OutputTokens, long CacheReadInputTokens, string FinishReason);

/// <summary>A model as a span reports it: provider, requested name, the dated name that answered, the host.</summary>
/// <param name="Caches">Whether the provider caches repeated prompt prefixes on its own (and reports cache reads).</param>
internal sealed record DemoModel(string Provider, string Request, string Response, string ServerAddress, bool Caches);
