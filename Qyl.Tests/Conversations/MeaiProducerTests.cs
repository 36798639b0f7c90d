using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;

namespace Qyl.Tests.Conversations;

/// <summary>
/// A real producer: Microsoft.Extensions.AI's OpenTelemetry chat client (sensitive data on) and its
/// function invocation over a hand-written model, exported by the real OTel SDK over OTLP into a
/// real hub, read back through the messages API.
/// </summary>
public sealed class MeaiProducerTests
{
    [Fact]
    public async Task UseOpenTelemetry_ChatWithToolCall_MessagesApiShowsPromptAnswerAndToolCall()
    {
        await using var host = await QylTestHost.StartAsync();
        var sourceName = $"qyl.tests.meai.{Guid.NewGuid():N}";
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("meai-agent"))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri(host.OtlpHttpUri, "/v1/traces");
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();

        var model = new FakeWeatherChatClient();
        var weather = AIFunctionFactory.Create((string city) => $"rainy, 57F in {city}", "get_weather", "Current weather of a city");
        using var client = new ChatClientBuilder(model)
            .UseFunctionInvocation()
            .UseOpenTelemetry(sourceName: sourceName, configure: c => c.EnableSensitiveData = true)
            .Build();

        string traceId;
        using (var root = new ActivitySource(sourceName).StartActivity("weather request")!)
        {
            traceId = root.TraceId.ToHexString();
            root.SetTag("session.id", "meai-session");
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, "You answer weather questions."), new ChatMessage(ChatRole.User, "Weather in Paris?")],
                new ChatOptions { Tools = [weather] });
            Assert.EndsWith("It is rainy in Paris, 57F.", response.Text, StringComparison.Ordinal);
        }
        Assert.True(provider.ForceFlush(10_000));

        // weather request, orchestrate_tools, chat, execute_tool, chat.
        var spans = await host.WaitForTraceAsync(traceId, 5);
        var chats = spans.Where(s => s.GenAi?.OperationName == "chat").OrderBy(s => s.StartTimeUnixNano).ToArray();
        var tool = Assert.Single(spans, s => s.GenAi?.OperationName == "execute_tool");
        Assert.Equal(2, chats.Length);

        using var http = host.CreateHttpClient();
        var trace = await GetAsync(http, $"/api/v1/traces/{traceId}/messages");
        var toolCall = """{"type":"tool_call","id":"call_weather_1","name":"get_weather","arguments":{"city":"Paris"}}""";
        var toolResult = """{"type":"tool_call_response","id":"call_weather_1","response":"rainy, 57F in Paris"}""";
        var system = """role":"system","parts":[{"type":"text","content":"You answer weather questions."}],"finishReason":null,"source":"attribute"}""";
        var user = """role":"user","parts":[{"type":"text","content":"Weather in Paris?"}],"finishReason":null,"source":"attribute"}""";
        var answer = $$"""role":"assistant","parts":[{"type":"text","content":"Let me check the weather."},{{toolCall}}]""";
        string[] expectedTrace =
        [
            // Call 1: what M.E.AI sent (the system prompt travels as a system message in gen_ai.input.messages).
            $$"""{"spanId":"{{chats[0].SpanId}}","{{system}}""",
            $$"""{"spanId":"{{chats[0].SpanId}}","{{user}}""",
            $$"""{"spanId":"{{chats[0].SpanId}}","{{answer}},"finishReason":"tool_call","source":"attribute"}""",
            // The tool span: gen_ai.tool.call.arguments and gen_ai.tool.call.result.
            $$"""{"spanId":"{{tool.SpanId}}","role":"assistant","parts":[{{toolCall}}],"finishReason":null,"source":"attribute"}""",
            $$"""{"spanId":"{{tool.SpanId}}","role":"tool","parts":[{{toolResult}}],"finishReason":null,"source":"attribute"}""",
            // Call 2: the whole history again, then the final answer.
            $$"""{"spanId":"{{chats[1].SpanId}}","{{system}}""",
            $$"""{"spanId":"{{chats[1].SpanId}}","{{user}}""",
            $$"""{"spanId":"{{chats[1].SpanId}}","{{answer}},"finishReason":null,"source":"attribute"}""",
            $$"""{"spanId":"{{chats[1].SpanId}}","role":"tool","parts":[{{toolResult}}],"finishReason":null,"source":"attribute"}""",
            $$"""{"spanId":"{{chats[1].SpanId}}","role":"assistant","parts":[{"type":"text","content":"It is rainy in Paris, 57F."}],"finishReason":"stop","source":"attribute"}""",
        ];
        Assert.Equal(expectedTrace, trace.GetProperty("messages").EnumerateArray().Select(m => m.GetRawText()).ToArray());

        // The session view: each message once; the tool span's own copy of the call is a repeat.
        var session = await GetAsync(http, "/api/v1/sessions/meai-session/messages");
        Assert.Equal(
            [expectedTrace[0], expectedTrace[1], expectedTrace[2], expectedTrace[4], expectedTrace[9]],
            session.GetProperty("messages").EnumerateArray().Select(m => m.GetRawText()).ToArray());
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();
        var body = await response.Content.ReadAsStringAsync().WithTimeout();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
