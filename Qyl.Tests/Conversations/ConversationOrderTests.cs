using Qyl.Contracts;
using Qyl.Contracts.Conversations;
using Qyl.Tests.Infrastructure;
using static Qyl.Tests.Conversations.ConversationNormalizerTests;

namespace Qyl.Tests.Conversations;

/// <summary>Conversation order across a trace, and showing repeated history once.</summary>
public sealed class ConversationOrderTests
{
    private static SpanRecord Call(string traceId, long start, string input, string output) =>
        TestSpans.Create(genAi: true, traceId: traceId, startTimeUnixNano: start) with
        {
            Attributes = new() { ["gen_ai.input.messages"] = input, ["gen_ai.output.messages"] = output },
        };

    private static string Msgs(params (string Role, string Text)[] messages) =>
        "[" + string.Join(",", messages.Select(m => $$"""{"role":"{{m.Role}}","parts":[{"type":"text","content":"{{m.Text}}"}]}""")) + "]";

    [Fact]
    public void FromTrace_SpansOutOfOrder_ByStartThenLogsOfEachSpanThenOrphansByTime()
    {
        var traceId = TestSpans.NewTraceId();
        var second = Call(traceId, 2_000, Msgs(("user", "b")), "[]");
        var first = Call(traceId, 1_000, Msgs(("user", "a")), "[]");
        var logs = new[]
        {
            Log("gen_ai.user.message", "after a (late log)", [], time: 1_900, spanId: first.SpanId),
            Log("gen_ai.user.message", "log of a", [], time: 1_500, spanId: first.SpanId),
            Log("gen_ai.user.message", "orphan early", [], time: 500, spanId: null),
            Log("gen_ai.user.message", "orphan between", [], time: 1_600, spanId: "ffffffffffffffff"),
            Log("gen_ai.user.message", "orphan last", [], time: 9_000, spanId: null),
        };
        var messages = ConversationNormalizer.FromTrace([second, first], logs);
        Assert.Equal(
            ["orphan early", "a", "log of a", "after a (late log)", "orphan between", "b", "orphan last"],
            messages.Select(m => (string)m.Parts[0]["content"]!));
        Assert.Equal(first.SpanId, messages[1].SpanId);
        Assert.Equal(MessageSources.Log, messages[2].Source);
    }

    [Fact]
    public void Distinct_HistoryResentByEachCall_EachMessageOnce()
    {
        var traceId = TestSpans.NewTraceId();
        var call1 = Call(traceId, 1, Msgs(("system", "sys"), ("user", "hi")),
            """[{"role":"assistant","parts":[{"type":"text","content":"hello"}],"finish_reason":"stop"}]""");
        var call2 = Call(traceId, 2, Msgs(("system", "sys"), ("user", "hi"), ("assistant", "hello"), ("user", "bye")),
            """[{"role":"assistant","parts":[{"content":"ciao","type":"text"}],"finish_reason":"stop"}]""");
        var trace = ConversationNormalizer.FromTrace([call1, call2]);
        Assert.Equal(8, trace.Count);

        var session = ShownMessages.Distinct(trace);
        Assert.Equal(["sys", "hi", "hello", "bye", "ciao"], session.Select(m => (string)m.Parts[0]["content"]!));
        // The first occurrence is kept: the answer as produced, with its finish reason and span.
        Assert.Equal("stop", session[2].FinishReason);
        Assert.Equal(call1.SpanId, session[2].SpanId);
    }

    [Fact]
    public void Distinct_SameTextSaidTwice_BothShown()
    {
        var traceId = TestSpans.NewTraceId();
        var call1 = Call(traceId, 1, Msgs(("user", "yes")), Msgs(("assistant", "sure?")));
        var call2 = Call(traceId, 2, Msgs(("user", "yes"), ("assistant", "sure?"), ("user", "yes")), Msgs(("assistant", "done")));
        var call3 = Call(traceId, 3, Msgs(("user", "yes"), ("assistant", "sure?"), ("user", "yes"), ("assistant", "done"), ("user", "thanks")), "[]");
        var session = ShownMessages.Distinct(ConversationNormalizer.FromTrace([call1, call2, call3]));
        Assert.Equal(["user:yes", "assistant:sure?", "user:yes", "assistant:done", "user:thanks"],
            session.Select(m => $"{m.Role}:{m.Parts[0]["content"]}"));
    }

    [Fact]
    public void Distinct_RoleDiffers_NotTheSameMessage()
    {
        var traceId = TestSpans.NewTraceId();
        var call = Call(traceId, 1, Msgs(("user", "x"), ("system", "x")), "[]");
        Assert.Equal(2, ShownMessages.Distinct(ConversationNormalizer.FromTrace([call])).Count);
    }

    [Fact]
    public void Distinct_ToolSpanRepeatsTheCallOfTheAnswer_ShownOnceResultFirstFromTheToolSpan()
    {
        var traceId = TestSpans.NewTraceId();
        var call1 = Call(traceId, 1, Msgs(("user", "weather?")),
            """[{"role":"assistant","parts":[{"type":"text","content":"checking"},{"type":"tool_call","id":"c1","name":"w","arguments":{"q":1}}],"finish_reason":"tool_call"}]""");
        var tool = TestSpans.Create(traceId: traceId, startTimeUnixNano: 2) with
        {
            Attributes = new()
            {
                ["gen_ai.tool.name"] = "w",
                ["gen_ai.tool.call.id"] = "c1",
                ["gen_ai.tool.call.arguments"] = """{"q":1}""",
                // JSON text of a string, as Microsoft.Extensions.AI serializes a string result.
                ["gen_ai.tool.call.result"] = "\"sunny\"",
            },
        };
        var call2 = Call(traceId, 3,
            """[{"role":"user","parts":[{"type":"text","content":"weather?"}]},{"role":"assistant","parts":[{"type":"text","content":"checking"},{"type":"tool_call","id":"c1","name":"w","arguments":{"q":1}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"c1","response":"sunny"}]}]""",
            Msgs(("assistant", "sunny it is")));
        var session = ShownMessages.Distinct(ConversationNormalizer.FromTrace([call1, tool, call2]));
        Assert.Equal(["user", "assistant", "tool", "assistant"], session.Select(m => m.Role));
        Assert.Equal(tool.SpanId, session[2].SpanId);
        Assert.Equal("sunny", session[2].Parts[0]["response"]);
    }

    [Fact]
    public void TryShow_MessagesOfOneCallArrivingOneByOne_CountedWithinTheCall()
    {
        // Log records of one call arrive separately; a tail checks each as it comes.
        var shown = new ShownMessages();
        var spanA = "00000000000000a1";
        var spanB = "00000000000000b1";
        Assert.True(shown.TryShow(Text(spanA, "yes")));
        Assert.False(shown.TryShow(Text(spanB, "yes")));
        Assert.True(shown.TryShow(Text(spanB, "yes")));
        Assert.False(shown.TryShow(Text(null, "yes")));
        Assert.True(shown.TryShow(Text(null, "no")));
        Assert.False(shown.TryShow(Text(null, "no")));
    }

    private static ConversationMessage Text(string? spanId, string text) => new()
    {
        SpanId = spanId,
        Role = MessageRoles.User,
        Parts = [new Dictionary<string, object?> { ["type"] = "text", ["content"] = text }],
        Source = MessageSources.Log,
    };
}
