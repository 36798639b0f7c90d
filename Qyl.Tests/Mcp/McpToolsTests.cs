using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Mcp;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;

namespace Qyl.Tests.Mcp;

/// <summary>
/// Every tool through the SDK's real MCP client, against a real hub fed by the real OpenTelemetry exporter:
/// over the hub's <c>/mcp</c> (streamable HTTP) and over stdio to a real <c>qyl mcp</c> process.
/// </summary>
public sealed class McpToolsTests
{
    private static readonly string LongPrompt = "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + new string('x', 6000) + "\"}]}]";

    [Theory]
    [InlineData(McpTestClients.Http)]
    [InlineData(McpTestClients.Stdio)]
    public async Task ListTools_ReturnsTheContractsSixToolsWithSchemas(string transport)
    {
        await using var host = await QylTestHost.StartAsync();
        await using var client = await McpTestClients.ConnectAsync(host, transport);

        var tools = await client.ListToolsAsync().AsTask().WithTimeout();

        Assert.Equal(
            ["get_session_messages", "get_trace", "list_services", "list_sessions", "search_spans", "wait_for_spans"],
            tools.Select(t => t.Name).Order());
        foreach (var tool in tools)
        {
            var definition = QylToolDefinitions.All.Single(d => d.Name == tool.Name);
            // One definition serves both transports: what a client sees is exactly the shared one.
            Assert.Equal(definition.Description, tool.Description);
            Assert.True(
                System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(definition.InputSchema.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(tool.JsonSchema.GetRawText())),
                $"{tool.Name}'s schema differs from its definition: {tool.JsonSchema.GetRawText()}");
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
            Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint);
        }
        var wait = tools.Single(t => t.Name == QylToolDefinitions.WaitForSpans).JsonSchema.GetProperty("properties");
        Assert.Equal(60, wait.GetProperty("timeoutSeconds").GetProperty("maximum").GetInt32());
        Assert.True(wait.TryGetProperty("afterSeq", out _));
        Assert.True(client.ServerInstructions?.Contains("wait_for_spans", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(McpTestClients.Http)]
    [InlineData(McpTestClients.Stdio)]
    public async Task EveryTool_RealOtlpAgentRun_AnswersWithCompactResults(string transport)
    {
        await using var host = await QylTestHost.StartAsync();
        using var run = new AgentRun(host, "mcp-agent");
        var traceId = run.Turn("sess-mcp-1", LongPrompt);
        await host.WaitForTraceAsync(traceId, 3);
        await LiveTestExtensions.WaitUntilAsync(() => LogsOf(host, traceId) == 1, because: "the log record to be stored");
        await using var client = await McpTestClients.ConnectAsync(host, transport);

        var services = await client.CallJsonAsync("list_services");
        var service = Assert.Single(services.GetProperty("services").EnumerateArray());
        Assert.Equal(("mcp-agent", 3), (service.GetProperty("serviceName").GetString(), service.GetProperty("spanCount").GetInt32()));

        var sessions = await client.CallJsonAsync("list_sessions", new() { ["serviceName"] = "mcp-agent", ["limit"] = 5 });
        var session = Assert.Single(sessions.GetProperty("sessions").EnumerateArray());
        Assert.Equal("sess-mcp-1", session.GetProperty("sessionId").GetString());
        Assert.Equal(120, session.GetProperty("inputTokens").GetInt32());
        Assert.Equal(1, session.GetProperty("errorCount").GetInt32());
        Assert.Equal((double)PricedCalls.Expected("openai", "gpt-4o", 120, 45), session.GetProperty("costUsd").GetDouble());
        Assert.Equal(0, session.GetProperty("unpricedSpans").GetInt64());

        var search = await client.CallJsonAsync("search_spans", new() { ["sessionId"] = "sess-mcp-1", ["genAiOnly"] = true });
        var spans = search.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(3, spans.Count);
        Assert.Equal(spans[^1].GetProperty("seq").GetInt64(), search.GetProperty("nextAfterSeq").GetInt64());
        Assert.False(search.GetProperty("more").GetBoolean());
        var chat = spans.Single(s => s.GetProperty("name").GetString() == "chat gpt-4o");
        // The summary: ids, tree, duration, status and model/tokens, and no attributes.
        Assert.Equal(traceId, chat.GetProperty("traceId").GetString());
        Assert.True(chat.TryGetProperty("parentSpanId", out _));
        Assert.True(chat.GetProperty("durationMs").GetDouble() >= 0);
        Assert.Equal("gpt-4o-2024-08-06", chat.GetProperty("genAi").GetProperty("model").GetString());
        Assert.Equal(45, chat.GetProperty("genAi").GetProperty("outputTokens").GetInt32());
        Assert.False(chat.TryGetProperty("attributes", out _));
        var tool = spans.Single(s => s.GetProperty("name").GetString() == "execute_tool search");
        Assert.Equal(("error", "search backend timed out"), (tool.GetProperty("status").GetString(), tool.GetProperty("statusMessage").GetString()));

        var trace = await client.CallJsonAsync("get_trace", new() { ["traceId"] = traceId.ToUpperInvariant() });
        Assert.Equal(3, trace.GetProperty("spans").GetArrayLength());
        Assert.False(trace.GetProperty("spans")[0].TryGetProperty("attributes", out _));

        var full = await client.CallJsonAsync("get_trace", new() { ["traceId"] = traceId, ["detail"] = "full" });
        var fullChat = full.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "chat gpt-4o");
        var prompt = fullChat.GetProperty("attributes").GetProperty("gen_ai.input.messages").GetString()!;
        Assert.StartsWith(LongPrompt[..2000], prompt, StringComparison.Ordinal);
        Assert.EndsWith($"…[cut: {LongPrompt.Length} chars in all]", prompt, StringComparison.Ordinal);
        var notes = full.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("cut to their first 2000", StringComparison.Ordinal));

        // The trace's log record and its conversation (normalized from gen_ai.input.messages).
        var log = Assert.Single(trace.GetProperty("logs").EnumerateArray());
        Assert.Equal((traceId, "Model {Model} answered slowly"), (log.GetProperty("traceId").GetString(), log.GetProperty("body").GetString()));
        var traceMessage = Assert.Single(trace.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", traceMessage.GetProperty("role").GetString());

        var messages = await client.CallJsonAsync("get_session_messages", new() { ["sessionId"] = "sess-mcp-1" });
        Assert.Equal("sess-mcp-1", messages.GetProperty("sessionId").GetString());
        var message = Assert.Single(messages.GetProperty("messages").EnumerateArray());
        var text = message.GetProperty("parts")[0].GetProperty("content").GetString()!;
        Assert.Equal(new string('x', 2000) + "…[cut: 6000 chars in all]", text);
        Assert.Contains(messages.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("cut to their first 2000", StringComparison.Ordinal));

        var waited = await client.CallJsonAsync("wait_for_spans", new() { ["serviceName"] = "mcp-agent", ["afterSeq"] = 0, ["timeoutSeconds"] = 5, ["limit"] = 2 });
        Assert.False(waited.GetProperty("timedOut").GetBoolean());
        var first = waited.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(spans.Take(2).Select(s => s.GetProperty("seq").GetInt64()), first);
        Assert.Equal(first[^1], waited.GetProperty("nextAfterSeq").GetInt64());
    }

    [Theory]
    [InlineData(McpTestClients.Http)]
    [InlineData(McpTestClients.Stdio)]
    public async Task ListSessionsAndGetTrace_PricedAndUnpricedModelCalls_CarryExactCostAndUnpricedCount(string transport)
    {
        await using var host = await QylTestHost.StartAsync();
        using var run = new AgentRun(host, "cost-agent");
        // gpt-4o has a list price; acme-llm-7 has tokens but no known price, so it is counted, not summed.
        var traceId = run.ModelCalls("sess-cost-1", ("openai", "gpt-4o", 1_234, 567), ("acme", "acme-llm-7", 500, 50));
        await host.WaitForTraceAsync(traceId, 3);
        await using var client = await McpTestClients.ConnectAsync(host, transport);
        var expected = (double)PricedCalls.Expected("openai", "gpt-4o", 1_234, 567);

        var sessions = await client.CallJsonAsync("list_sessions", new() { ["serviceName"] = "cost-agent" });
        var session = Assert.Single(sessions.GetProperty("sessions").EnumerateArray());
        Assert.Equal("sess-cost-1", session.GetProperty("sessionId").GetString());
        Assert.Equal((expected, 1L), (session.GetProperty("costUsd").GetDouble(), session.GetProperty("unpricedSpans").GetInt64()));

        var trace = await client.CallJsonAsync("get_trace", new() { ["traceId"] = traceId });
        Assert.Equal((expected, 1L), (trace.GetProperty("costUsd").GetDouble(), trace.GetProperty("unpricedSpans").GetInt64()));
        var summaries = trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(expected, summaries["chat gpt-4o"].GetProperty("genAi").GetProperty("costUsd").GetDouble());
        Assert.False(summaries["chat acme-llm-7"].GetProperty("genAi").TryGetProperty("costUsd", out _));
        Assert.False(summaries["invoke_agent planner"].GetProperty("genAi").TryGetProperty("costUsd", out _));

        var full = await client.CallJsonAsync("get_trace", new() { ["traceId"] = traceId, ["detail"] = "full" });
        Assert.Equal((expected, 1L), (full.GetProperty("costUsd").GetDouble(), full.GetProperty("unpricedSpans").GetInt64()));
        var fullSpans = full.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(expected, fullSpans["chat gpt-4o"].GetProperty("genAi").GetProperty("costUsd").GetDouble());
        Assert.Equal(JsonValueKind.Null, fullSpans["chat acme-llm-7"].GetProperty("genAi").GetProperty("costUsd").ValueKind);

        // A trace without model calls: zero cost, none unpriced, as the store's summaries.
        var quiet = run.Span("no model here");
        await host.WaitForTraceAsync(quiet, 1);
        var quietTrace = await client.CallJsonAsync("get_trace", new() { ["traceId"] = quiet });
        Assert.Equal((0.0, 0L), (quietTrace.GetProperty("costUsd").GetDouble(), quietTrace.GetProperty("unpricedSpans").GetInt64()));
    }

    [Theory]
    [InlineData(McpTestClients.Http)]
    [InlineData(McpTestClients.Stdio)]
    public async Task WaitForSpans_NothingArrives_TimesOutEmptyWithTheSameCursor(string transport)
    {
        await using var host = await QylTestHost.StartAsync();
        using var run = new AgentRun(host, "quiet-agent");
        var traceId = run.Span("only span");
        var stored = Assert.Single(await host.WaitForTraceAsync(traceId, 1));
        await using var client = await McpTestClients.ConnectAsync(host, transport);

        var result = await client.CallJsonAsync("wait_for_spans", new() { ["serviceName"] = "quiet-agent", ["afterSeq"] = stored.Seq, ["timeoutSeconds"] = 1 });

        Assert.True(result.GetProperty("timedOut").GetBoolean());
        Assert.Equal(0, result.GetProperty("spans").GetArrayLength());
        Assert.Equal(stored.Seq, result.GetProperty("nextAfterSeq").GetInt64());
    }

    [Theory]
    [InlineData(McpTestClients.Http)]
    [InlineData(McpTestClients.Stdio)]
    public async Task BadArguments_AnsweredAsToolErrorsNamingTheArgument_ClientKeepsWorking(string transport)
    {
        await using var host = await QylTestHost.StartAsync();
        await using var client = await McpTestClients.ConnectAsync(host, transport);

        (string Tool, Dictionary<string, object?> Arguments, string Says)[] cases =
        [
            ("get_trace", new() { ["traceId"] = "not-a-trace" }, "'traceId'"),
            ("get_trace", new(), "'traceId' is required"),
            ("get_trace", new() { ["traceId"] = new string('a', 32) }, "No spans or log records of trace"),
            ("get_session_messages", new() { ["sessionId"] = "" }, "'sessionId' is required"),
            ("get_session_messages", new() { ["sessionId"] = "never-seen" }, "No spans of session 'never-seen'"),
            ("search_spans", new() { ["service"] = "typo" }, "has no argument 'service'"),
            ("search_spans", new() { ["limit"] = 0 }, "'limit'"),
            ("search_spans", new() { ["afterSeq"] = -1 }, "'afterSeq'"),
            ("search_spans", new() { ["genAiOnly"] = "maybe" }, "'genAiOnly'"),
            ("search_spans", new() { ["detail"] = "everything" }, "'detail'"),
            ("list_sessions", new() { ["limit"] = "many" }, "'limit'"),
            ("wait_for_spans", new() { ["timeoutSeconds"] = 61 }, "'timeoutSeconds'"),
            ("wait_for_spans", new() { ["timeoutSeconds"] = 0 }, "'timeoutSeconds'"),
        ];
        foreach (var (tool, arguments, says) in cases)
        {
            var result = await client.CallAsync(tool, arguments);
            Assert.True(result.IsError == true, $"{tool} {JsonSerializer.Serialize(arguments)} was not an error: {McpTestClients.Text(result)}");
            Assert.Contains(says, McpTestClients.Text(result), StringComparison.Ordinal);
        }

        var services = await client.CallJsonAsync("list_services");
        Assert.Equal(0, services.GetProperty("services").GetArrayLength());
    }

    private static int LogsOf(QylTestHost host, string traceId) =>
        host.Services.GetRequiredService<ILogStore>().GetTraceLogsAsync(traceId, CancellationToken.None).GetAwaiter().GetResult().Count;
}
