using System.Net;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Query;

/// <summary>GET /api/v1/traces/{traceId}/messages and /api/v1/sessions/{sessionId}/messages over real HTTP.</summary>
public sealed class ConversationQueryTests : QueryApiTestBase
{
    private static SpanRecord Call(string traceId, string? sessionId, long start, string input, string output) =>
        TestSpans.Create(genAi: true, traceId: traceId, sessionId: sessionId, startTimeUnixNano: start, name: "chat gpt-4o") with
        {
            Attributes = new() { ["gen_ai.input.messages"] = input, ["gen_ai.output.messages"] = output },
        };

    private static string Msgs(params (string Role, string Text)[] messages) =>
        "[" + string.Join(",", messages.Select(m => $$"""{"role":"{{m.Role}}","parts":[{"type":"text","content":"{{m.Text}}"}]}""")) + "]";

    private static string[] Texts(JsonElement body) =>
        body.GetProperty("messages").EnumerateArray()
            .Select(m => $"{m.GetProperty("role").GetString()}:{m.GetProperty("parts")[0].GetProperty("content").GetString()}")
            .ToArray();

    [Fact]
    public async Task TraceMessages_TwoCalls_EachCallAsSentInOrder()
    {
        var traceId = TestSpans.NewTraceId();
        var call1 = Call(traceId, "s-trace", 1_000, Msgs(("user", "hi")), """[{"role":"assistant","parts":[{"type":"text","content":"hello"}],"finish_reason":"stop"}]""");
        var call2 = Call(traceId, "s-trace", 2_000, Msgs(("user", "hi"), ("assistant", "hello"), ("user", "bye")), Msgs(("assistant", "ciao")));
        await IngestAsync(call2, call1);

        var body = await GetJsonAsync($"/api/v1/traces/{traceId.ToUpperInvariant()}/messages");
        Assert.Equal(traceId, body.GetProperty("traceId").GetString());
        Assert.Equal(["user:hi", "assistant:hello", "user:hi", "assistant:hello", "user:bye", "assistant:ciao"], Texts(body));
        var first = body.GetProperty("messages")[1];
        Assert.Equal(call1.SpanId, first.GetProperty("spanId").GetString());
        Assert.Equal("stop", first.GetProperty("finishReason").GetString());
        Assert.Equal("attribute", first.GetProperty("source").GetString());
        Assert.Equal(
            """{"spanId":"%","role":"assistant","parts":[{"type":"text","content":"hello"}],"finishReason":"stop","source":"attribute"}""".Replace("%", call1.SpanId, StringComparison.Ordinal),
            first.GetRawText());
    }

    [Fact]
    public async Task TraceMessages_SpanWithoutMessagesOrMalformed_EmptyOrRawText()
    {
        var plain = TestSpans.Create();
        var broken = TestSpans.Create(genAi: true) with { Attributes = new() { ["gen_ai.input.messages"] = "[{\"role\":" } };
        await IngestAsync(plain, broken);
        Assert.Empty((await GetJsonAsync($"/api/v1/traces/{plain.TraceId}/messages")).GetProperty("messages").EnumerateArray());
        var body = await GetJsonAsync($"/api/v1/traces/{broken.TraceId}/messages");
        Assert.Equal("[{\"role\":", body.GetProperty("messages")[0].GetProperty("parts")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task TraceMessages_UnknownOrInvalidTrace_404And400()
    {
        var unknown = await GetJsonAsync($"/api/v1/traces/{TestSpans.NewTraceId()}/messages", HttpStatusCode.NotFound);
        Assert.Equal("Trace not found", unknown.GetProperty("title").GetString());
        var invalid = await GetJsonAsync("/api/v1/traces/xyz/messages", HttpStatusCode.BadRequest);
        Assert.Equal("traceId", invalid.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task SessionMessages_HistoryAcrossTraces_EachMessageOnceAndMostRecentLimit()
    {
        var session = "s-" + Guid.NewGuid().ToString("N");
        var trace1 = TestSpans.NewTraceId();
        var trace2 = TestSpans.NewTraceId();
        await IngestAsync(
            Call(trace2, session, 3_000, Msgs(("system", "sys"), ("user", "yes"), ("assistant", "sure?"), ("user", "yes")), Msgs(("assistant", "done"))),
            Call(trace1, session, 1_000, Msgs(("system", "sys"), ("user", "yes")), Msgs(("assistant", "sure?"))),
            Call(TestSpans.NewTraceId(), "other-session", 2_000, Msgs(("user", "elsewhere")), "[]"));

        var all = await GetJsonAsync($"/api/v1/sessions/{session}/messages");
        Assert.Equal(session, all.GetProperty("sessionId").GetString());
        Assert.Equal(["system:sys", "user:yes", "assistant:sure?", "user:yes", "assistant:done"], Texts(all));

        var recent = await GetJsonAsync($"/api/v1/sessions/{session}/messages?limit=2");
        Assert.Equal(["user:yes", "assistant:done"], Texts(recent));
    }

    [Fact]
    public async Task SessionMessages_BadLimitOrUnknownSession_400And404()
    {
        var session = "s-" + Guid.NewGuid().ToString("N");
        await IngestAsync(Call(TestSpans.NewTraceId(), session, 1, Msgs(("user", "x")), "[]"));
        foreach (var limit in new[] { "0", "-1", "abc", "5001" })
        {
            var problem = await GetJsonAsync($"/api/v1/sessions/{session}/messages?limit={limit}", HttpStatusCode.BadRequest);
            Assert.Equal("limit", problem.GetProperty("parameter").GetString());
        }
        await GetJsonAsync($"/api/v1/sessions/{session}/messages?limit=5000");
        await GetJsonAsync($"/api/v1/sessions/{session}/messages?limit=1&limit=2", HttpStatusCode.BadRequest);
        await GetJsonAsync("/api/v1/sessions/nobody-here/messages", HttpStatusCode.NotFound);
    }
}
