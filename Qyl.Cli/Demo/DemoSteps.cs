using System.Diagnostics;

namespace Qyl.Cli.Demo;

/// <summary>
/// One span (and its children) of a turn: how long it would take, whether it fails, and how to emit it
/// at a time with the duration it is given (a turn squeezed between its session's previous turn and
/// now runs faster than planned).
/// </summary>
internal sealed record DemoStep(
    TimeSpan Duration,
    bool Failed,
    Func<ActivitySource, ActivityContext, DateTimeOffset, TimeSpan, List<KeyValuePair<string, object?>>, int> Emit);

/// <summary>The spans of a turn, attributed per the OpenTelemetry GenAI semantic conventions.</summary>
internal static class DemoSteps
{
    /// <summary>A model call with its messages and usage.</summary>
    public static DemoStep Chat(DemoConversation session, ModelCall call, bool slow, Random random)
    {
        var model = session.Model;
        // Roughly: time to first token, then output at 40-120 tokens/s.
        var ms = random.Next(250, 900) + (call.OutputTokens * 1000 / random.Next(40, 120)) + (slow ? random.Next(4000, 12000) : 0);
        return new DemoStep(TimeSpan.FromMilliseconds(ms), false, (source, parent, at, duration, common) =>
        {
            List<KeyValuePair<string, object?>> tags =
            [
                .. common, .. ModelTags(model),
                new("gen_ai.response.model", model.Response),
                new("gen_ai.response.id", "resp_" + Guid.NewGuid().ToString("N")[..16]),
                new("gen_ai.response.finish_reasons", new[] { call.FinishReason }),
                new("gen_ai.usage.input_tokens", call.InputTokens),
                new("gen_ai.usage.output_tokens", call.OutputTokens),
                new("gen_ai.system_instructions", session.SystemInstructions),
                new("gen_ai.input.messages", call.InputMessages),
                new("gen_ai.output.messages", call.OutputMessages),
            ];
            if (call.CacheReadInputTokens > 0)
            {
                tags.Add(new("gen_ai.usage.cache_read.input_tokens", call.CacheReadInputTokens));
            }
            using var chat = source.StartActivity($"chat {model.Request}", ActivityKind.Client, parent, tags, startTime: at);
            chat?.SetEndTime((at + duration).UtcDateTime);
            return chat is null ? 0 : 1;
        });
    }

    /// <summary>A call the provider refused with 429: no response, so no usage and nothing to price.</summary>
    public static DemoStep RateLimited(DemoConversation session, Random random)
    {
        var ms = random.Next(80, 400);
        return new DemoStep(TimeSpan.FromMilliseconds(ms), true, (source, parent, at, duration, common) =>
        {
            using var chat = source.StartActivity($"chat {session.Model.Request}", ActivityKind.Client, parent,
                [.. common, .. ModelTags(session.Model), new("error.type", "429"), new("gen_ai.system_instructions", session.SystemInstructions)],
                startTime: at);
            chat?.SetStatus(ActivityStatusCode.Error, "rate limited by provider (429): retrying");
            chat?.SetEndTime((at + duration).UtcDateTime);
            return chat is null ? 0 : 1;
        });
    }

    /// <summary>A tool call with its arguments and result, and the tool's own HTTP or database work under it.</summary>
    public static DemoStep Tool(ScriptedTool tool, string callId, Random random)
    {
        var ms = random.Next(40, 900);
        // A tool whose scripted result is an error (a declined payment) fails its span; the model
        // sees the error in the history and answers accordingly.
        var fail = tool.Result.Contains("\"error\"", StringComparison.Ordinal);
        return new DemoStep(TimeSpan.FromMilliseconds(ms), fail, (source, parent, at, duration, common) =>
        {
            using var call = source.StartActivity($"execute_tool {tool.Name}", ActivityKind.Internal, parent,
                [.. common, new("gen_ai.operation.name", "execute_tool"), new("gen_ai.tool.name", tool.Name), new("gen_ai.tool.type", "function"),
                    new("gen_ai.tool.call.id", callId), new("gen_ai.tool.call.arguments", tool.Arguments),
                    new("gen_ai.tool.call.result", tool.Result)],
                startTime: at);
            if (call is null)
            {
                return 0;
            }
            var isDb = tool.Name is "search_orders" or "lookup_customer" or "update_shipping" or "create_refund";
            using (var inner = source.StartActivity(isDb ? "SELECT orders" : "GET", ActivityKind.Client, call.Context,
                isDb
                    ? [.. common, new("db.system.name", "postgresql"), new("db.query.text", "SELECT * FROM orders WHERE order_id = $1")]
                    : [.. common, new("http.request.method", "GET"), new("url.full", $"https://api.example.com/{tool.Name}"), new("http.response.status_code", fail ? 402L : 200L)],
                startTime: at + (duration * 0.1)))
            {
                if (fail && !isDb)
                {
                    inner?.SetStatus(ActivityStatusCode.Error, "402 Payment Required");
                }
                inner?.SetEndTime((at + (duration * 0.8)).UtcDateTime);
            }
            if (fail)
            {
                call.SetTag("error.type", "tool_error");
                call.SetStatus(ActivityStatusCode.Error, $"{tool.Name} failed");
            }
            call.SetEndTime((at + duration).UtcDateTime);
            return 2;
        });
    }

    private static KeyValuePair<string, object?>[] ModelTags(DemoModel model) =>
    [
        new("gen_ai.operation.name", "chat"), new("gen_ai.provider.name", model.Provider),
        new("gen_ai.request.model", model.Request), new("gen_ai.request.temperature", 0.2), new("server.address", model.ServerAddress),
    ];
}
