using System.Text.Json;
using Qyl.Cli.Tail;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

/// <summary>The chat transcript of <c>qyl tail --messages</c>.</summary>
public sealed class MessageTranscriptTests
{
    internal static SpanRecord Chat(string traceId, string? session, long start, string input, string output) =>
        TestSpans.Create(genAi: true, traceId: traceId, sessionId: session, startTimeUnixNano: start, name: "chat gpt-4o") with
        {
            Attributes = new() { ["gen_ai.input.messages"] = input, ["gen_ai.output.messages"] = output },
        };

    internal static SpanRecord Tool(string traceId, string? session, long start) =>
        TestSpans.Create(traceId: traceId, sessionId: session, startTimeUnixNano: start, name: "execute_tool get_weather") with
        {
            GenAi = new GenAiInfo { OperationName = "execute_tool", ToolName = "get_weather" },
            Attributes = new()
            {
                ["gen_ai.tool.call.id"] = "call_1",
                ["gen_ai.tool.call.arguments"] = """{"city":"Paris","days":2}""",
                ["gen_ai.tool.call.result"] = "\"rainy, 57F\"",
            },
        };

    internal const string Input1 = """[{"role":"system","parts":[{"type":"text","content":"You answer weather questions."}]},{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]""";
    internal const string Output1 = """[{"role":"assistant","parts":[{"type":"text","content":"Let me check."},{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris","days":2}}],"finish_reason":"tool_call"}]""";
    internal const string Input2 = """[{"role":"system","parts":[{"type":"text","content":"You answer weather questions."}]},{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},{"role":"assistant","parts":[{"type":"text","content":"Let me check."},{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris","days":2}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"rainy, 57F"}]}]""";
    internal const string Output2 = """[{"role":"assistant","parts":[{"type":"text","content":"Rainy.\nTake an umbrella."}],"finish_reason":"stop"}]""";

    [Fact]
    public void Format_FinishReasons_OnlyTheInformativeOnesEndTheLastLine()
    {
        var traceId = TestSpans.NewTraceId();
        var transcript = new MessageTranscript(color: false, json: false);
        var cut = Chat(traceId, "sess-f", 1, """[{"role":"user","parts":[{"type":"text","content":"Write an essay."}]}]""",
            """[{"role":"assistant","parts":[{"type":"text","content":"Once upon\na time"}],"finish_reason":"length"}]""");
        var toolWithoutCall = Chat(traceId, "sess-f", 2, "[]",
            """[{"role":"assistant","parts":[{"type":"text","content":"Calling."}],"finish_reason":"tool_calls"}]""");

        Assert.Equal(
        [
            $"── chat gpt-4o · session sess-f · {traceId[..8]}/{cut.SpanId[..8]}",
            "user      Write an essay.",
            "assistant Once upon",
            "          a time [length]",
        ], transcript.Format(cut));
        // A tool-call reason with no tool call beside it is worth showing: the call went missing.
        Assert.Equal(
        [
            $"── chat gpt-4o · session sess-f · {traceId[..8]}/{toolWithoutCall.SpanId[..8]}",
            "assistant Calling. [tool_calls]",
        ], transcript.Format(toolWithoutCall));
    }

    [Fact]
    public void Format_ChatToolChat_EachMessageOnceAsATranscript()
    {
        var traceId = TestSpans.NewTraceId();
        var transcript = new MessageTranscript(color: false, json: false);
        var call1 = Chat(traceId, "sess-t", 1, Input1, Output1);
        var tool = Tool(traceId, "sess-t", 2);
        var call2 = Chat(traceId, "sess-t", 3, Input2, Output2);

        Assert.Equal(
        [
            $"── chat gpt-4o · session sess-t · {traceId[..8]}/{call1.SpanId[..8]}",
            "system    You answer weather questions.",
            "user      Weather in Paris?",
            "assistant Let me check.",
            """          → get_weather({"city":"Paris","days":2}) [call_1]""",
        ], transcript.Format(call1));
        Assert.Equal(
        [
            $"── execute_tool get_weather · session sess-t · {traceId[..8]}/{tool.SpanId[..8]}",
            "tool      ← [call_1] rainy, 57F",
        ], transcript.Format(tool));
        Assert.Equal(
        [
            $"── chat gpt-4o · session sess-t · {traceId[..8]}/{call2.SpanId[..8]}",
            "assistant Rainy.",
            "          Take an umbrella.",
        ], transcript.Format(call2));
        // The same span again (a resume replays it): nothing new.
        Assert.Empty(transcript.Format(call2));
        Assert.Empty(transcript.Format(TestSpans.Create()));
    }

    [Fact]
    public void Format_OtherConversation_PrintsItsOwnHistory()
    {
        var transcript = new MessageTranscript(color: false, json: false);
        Assert.Equal(3, transcript.Format(Chat(TestSpans.NewTraceId(), null, 1, Input1, "[]")).Count);
        // Another trace without a session is another conversation: its system prompt prints again.
        Assert.Equal(3, transcript.Format(Chat(TestSpans.NewTraceId(), null, 1, Input1, "[]")).Count);
    }

    [Fact]
    public void Format_Json_OneMessagePerLineAndOtherPartsCompact()
    {
        var transcript = new MessageTranscript(color: false, json: true);
        var span = Chat(TestSpans.NewTraceId(), null, 1,
            """[{"role":"user","parts":[{"type":"blob","modality":"image","mime_type":"image/png","content":"AAAA"}]}]""", "[]");
        var line = Assert.Single(transcript.Format(span));
        using var doc = JsonDocument.Parse(line);
        Assert.Equal("user", doc.RootElement.GetProperty("role").GetString());
        Assert.Equal("blob", doc.RootElement.GetProperty("parts")[0].GetProperty("type").GetString());

        var text = new MessageTranscript(color: false, json: false).Format(span);
        Assert.Equal("""user      [blob] {"modality":"image","mime_type":"image/png","content":"AAAA"}""", text[1]);
    }
}
