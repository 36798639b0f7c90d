using Qyl.Contracts;
using Qyl.Contracts.Conversations;
using Qyl.Tests.Infrastructure;
using static Qyl.Tests.Conversations.ConversationAssert;
using static Qyl.Tests.Conversations.ConversationNormalizerTests;

namespace Qyl.Tests.Conversations;

/// <summary>The older per-message events, as log records (fields in the body) and as span events (fields in attributes).</summary>
public sealed class LegacyConversationTests
{
    private static readonly string[] Expected =
    [
        """system|{0}||[{"type":"text","content":"You are terse."}]""",
        """user|{0}||[{"type":"text","content":"Weather in Paris?"}]""",
        """assistant|{0}||[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]""",
        """tool|{0}||[{"type":"tool_call_response","id":"call_1","response":"rainy, 57F"}]""",
        """assistant|{0}|stop|[{"type":"text","content":"It is rainy."}]""",
    ];

    private static string[] ExpectedFrom(string source) => Expected.Select(l => l.Replace("{0}", source, StringComparison.Ordinal)).ToArray();

    private static readonly Dictionary<string, object?> ToolCall = new()
    {
        ["id"] = "call_1",
        ["type"] = "function",
        ["function"] = new Dictionary<string, object?> { ["name"] = "get_weather", ["arguments"] = """{"city":"Paris"}""" },
    };

    [Fact]
    public void FromLog_PerMessageEventsWithBodies_OneMessageEach()
    {
        LogRecord[] logs =
        [
            Log("gen_ai.system.message", new Dictionary<string, object?> { ["content"] = "You are terse." }, [], time: 1),
            Log("gen_ai.user.message", new Dictionary<string, object?> { ["content"] = "Weather in Paris?" }, [], time: 2),
            Log("gen_ai.assistant.message", new Dictionary<string, object?> { ["tool_calls"] = new object?[] { ToolCall } }, [], time: 3),
            Log("gen_ai.tool.message", new Dictionary<string, object?> { ["content"] = "rainy, 57F", ["id"] = "call_1" }, [], time: 4),
            Log("gen_ai.choice", new Dictionary<string, object?>
            {
                ["index"] = 0L,
                ["finish_reason"] = "stop",
                ["message"] = new Dictionary<string, object?> { ["content"] = "It is rainy." },
            }, [], time: 5),
        ];
        Lines(logs.SelectMany(ConversationNormalizer.FromLog).ToArray(), ExpectedFrom("log"));
    }

    [Fact]
    public void FromSpan_PerMessageSpanEvents_FieldsFromAttributes()
    {
        var span = TestSpans.Create(genAi: true) with
        {
            Events =
            [
                Event("gen_ai.system.message", new() { ["gen_ai.system"] = "openai", ["content"] = "You are terse." }),
                Event("gen_ai.user.message", new() { ["content"] = "Weather in Paris?" }),
                // Span event attributes cannot hold maps in every SDK: tool_calls as JSON text.
                Event("gen_ai.assistant.message", new() { ["tool_calls"] = """[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]""" }),
                Event("gen_ai.tool.message", new() { ["content"] = "rainy, 57F", ["id"] = "call_1" }),
                Event("gen_ai.choice", new() { ["index"] = 0L, ["finish_reason"] = "stop", ["message"] = """{"content":"It is rainy."}""" }),
            ],
        };
        Lines(ConversationNormalizer.FromSpan(span), ExpectedFrom("span_event"));
    }

    [Fact]
    public void FromSpan_EventContentAttributeAsJson_ReadAsTheBody()
    {
        // Early Azure AI Inference instrumentation: the whole body as JSON in gen_ai.event.content.
        var span = TestSpans.Create(genAi: true) with
        {
            Events =
            [
                Event("gen_ai.user.message", new() { ["gen_ai.event.content"] = """{"role":"user","content":"Weather in Paris?"}""" }),
                Event("gen_ai.choice", new() { ["gen_ai.event.content"] = """{"message":{"content":"It is rainy."},"finish_reason":"stop","index":0}""" }),
            ],
        };
        Lines(ConversationNormalizer.FromSpan(span), ExpectedFrom("span_event")[1], ExpectedFrom("span_event")[4]);
    }

    [Fact]
    public void FromLog_BodyVariants_TextBodyMalformedJsonAndContentParts()
    {
        LogRecord[] logs =
        [
            Log("gen_ai.user.message", "plain text body", []),
            Log("gen_ai.user.message", """{"content": "unterminated""", []),
            Log("gen_ai.user.message", """{"content":"from json text"}""", []),
            Log("gen_ai.user.message", new Dictionary<string, object?>
            {
                ["content"] = new object?[]
                {
                    new Dictionary<string, object?> { ["type"] = "text", ["text"] = "look" },
                    new Dictionary<string, object?> { ["type"] = "image_url", ["image_url"] = new Dictionary<string, object?> { ["url"] = "data:image/png;base64,AA" } },
                },
            }, []),
            // Content not captured (sensitive data off): the message is there, its parts empty.
            Log("gen_ai.user.message", null, []),
            Log("gen_ai.system.message", new Dictionary<string, object?> { ["content"] = "x", ["role"] = "developer" }, []),
        ];
        Lines(logs.SelectMany(ConversationNormalizer.FromLog).ToArray(),
            """user|log||[{"type":"text","content":"plain text body"}]""",
            """user|log||[{"type":"text","content":"{\u0022content\u0022: \u0022unterminated"}]""",
            """user|log||[{"type":"text","content":"from json text"}]""",
            """user|log||[{"type":"text","content":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA"}}]""",
            """user|log||[]""",
            """system|log||[{"type":"text","content":"x"}]""");
    }

    [Fact]
    public void FromLog_ChoiceWithToolCallsAndFlatFields_ToolCallParts()
    {
        var choice = Log("gen_ai.choice", new Dictionary<string, object?>
        {
            ["index"] = 0L,
            ["finish_reason"] = "tool_calls",
            ["message"] = new Dictionary<string, object?> { ["role"] = "assistant", ["tool_calls"] = new object?[] { ToolCall } },
        }, []);
        var flat = Log("gen_ai.choice", new Dictionary<string, object?> { ["finish_reason"] = "stop", ["content"] = "flat" }, []);
        var toolMalformed = Log("gen_ai.tool.message", new Dictionary<string, object?> { ["content"] = "{oops", ["id"] = "c9" }, []);
        Lines([.. ConversationNormalizer.FromLog(choice), .. ConversationNormalizer.FromLog(flat), .. ConversationNormalizer.FromLog(toolMalformed)],
            """assistant|log|tool_calls|[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]""",
            """assistant|log|stop|[{"type":"text","content":"flat"}]""",
            """tool|log||[{"type":"tool_call_response","id":"c9","response":"{oops"}]""");
    }

    [Fact]
    public void FromSpan_SemanticKernelPromptAndCompletionEvents_Messages()
    {
        var span = TestSpans.Create(genAi: true) with
        {
            Events =
            [
                Event("gen_ai.content.prompt", new() { ["gen_ai.prompt"] = """[{"role":"system","content":"You are terse."},{"role":"user","content":"Weather in Paris?"}]""" }),
                Event("gen_ai.content.completion", new() { ["gen_ai.completion"] = """[{"role":"assistant","content":"It is rainy."}]""" }),
            ],
        };
        Lines(ConversationNormalizer.FromSpan(span),
            """system|span_event||[{"type":"text","content":"You are terse."}]""",
            """user|span_event||[{"type":"text","content":"Weather in Paris?"}]""",
            """assistant|span_event||[{"type":"text","content":"It is rainy."}]""");
    }

    private static SpanEventRecord Event(string name, Dictionary<string, object?> attributes) => new() { Name = name, Attributes = attributes, TimeUnixNano = 1 };
}
