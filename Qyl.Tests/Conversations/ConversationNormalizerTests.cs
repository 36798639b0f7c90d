using System.Text.Json;
using Qyl.Contracts;
using Qyl.Contracts.Conversations;
using Qyl.Tests.Infrastructure;
using static Qyl.Tests.Conversations.ConversationAssert;

namespace Qyl.Tests.Conversations;

/// <summary>The current conventions: gen_ai.*.messages and system instructions, tool spans, the operation details event.</summary>
public sealed class ConversationNormalizerTests
{
    private const string Input = """[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"rainy, 57F"}]}]""";
    private const string Output = """[{"role":"assistant","parts":[{"type":"text","content":"It is rainy."}],"finish_reason":"stop"}]""";
    private const string System = """[{"type":"text","content":"You are terse."}]""";

    private static readonly string[] Expected =
    [
        """system|attribute||[{"type":"text","content":"You are terse."}]""",
        """user|attribute||[{"type":"text","content":"Weather in Paris?"}]""",
        """assistant|attribute||[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]""",
        """tool|attribute||[{"type":"tool_call_response","id":"call_1","response":"rainy, 57F"}]""",
        """assistant|attribute|stop|[{"type":"text","content":"It is rainy."}]""",
    ];

    private static SpanRecord Chat(Dictionary<string, object?> attributes, long? start = null)
    {
        var span = TestSpans.Create(genAi: true, name: "chat gpt-4o", startTimeUnixNano: start);
        return span with { Attributes = attributes };
    }

    [Fact]
    public void FromSpan_AttributesAsJsonStrings_SystemInputOutputInOrder()
    {
        var span = Chat(new()
        {
            ["gen_ai.output.messages"] = Output,
            ["gen_ai.input.messages"] = Input,
            ["gen_ai.system_instructions"] = System,
        });
        var messages = ConversationNormalizer.FromSpan(span);
        Lines(messages, Expected);
        Assert.All(messages, m => Assert.Equal(span.SpanId, m.SpanId));
    }

    [Fact]
    public void FromSpan_AttributesAsStructuredValues_SameAsJsonStrings()
    {
        // What qyl's OTLP decoders produce for kvlist/array AnyValues.
        var span = Chat(new()
        {
            ["gen_ai.system_instructions"] = Structured(System),
            ["gen_ai.input.messages"] = Structured(Input),
            ["gen_ai.output.messages"] = Structured(Output),
        });
        Lines(ConversationNormalizer.FromSpan(span), Expected);
    }

    [Fact]
    public void FromSpan_RecordReadBackOverJson_JsonElementValuesReadTheSame()
    {
        var span = Chat(new()
        {
            ["gen_ai.system_instructions"] = Structured(System),
            ["gen_ai.input.messages"] = Input,
            ["gen_ai.output.messages"] = Structured(Output),
        });
        // The hub's JSON protocol hands clients JsonElements for object-typed values.
        var json = JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord);
        var readBack = JsonSerializer.Deserialize(json, QylJsonContext.Default.SpanRecord)!;
        Assert.IsType<JsonElement>(readBack.Attributes["gen_ai.input.messages"]);
        Lines(ConversationNormalizer.FromSpan(readBack), Expected);
    }

    [Fact]
    public void FromSpan_MalformedJson_RawTextPartAndNoThrow()
    {
        var span = Chat(new()
        {
            ["gen_ai.system_instructions"] = "be nice",
            ["gen_ai.input.messages"] = """[{"role":"user","parts":[{"type":"text","content":"cut off""",
            ["gen_ai.output.messages"] = "{not json",
        });
        Lines(ConversationNormalizer.FromSpan(span),
            """system|attribute||[{"type":"text","content":"be nice"}]""",
            """user|attribute||[{"type":"text","content":"[{\u0022role\u0022:\u0022user\u0022,\u0022parts\u0022:[{\u0022type\u0022:\u0022text\u0022,\u0022content\u0022:\u0022cut off"}]""",
            """assistant|attribute||[{"type":"text","content":"{not json"}]""");
    }

    [Fact]
    public void FromSpan_WrongShapes_KeptAsTextOrPassedThrough()
    {
        var span = Chat(new()
        {
            // A JSON scalar, items that are not objects, a part without a type, a number.
            ["gen_ai.input.messages"] = """["just text", 42, {"role":"user","parts":[{"text":"no type"}, "bare"]}]""",
            ["gen_ai.output.messages"] = 7L,
            ["gen_ai.system_instructions"] = "\"quoted\"",
        });
        Lines(ConversationNormalizer.FromSpan(span),
            """system|attribute||[{"type":"text","content":"\u0022quoted\u0022"}]""",
            """user|attribute||[{"type":"text","content":"just text"}]""",
            """user|attribute||[{"type":"text","content":"42"}]""",
            """user|attribute||[{"type":"unknown","value":{"text":"no type"}},{"type":"text","content":"bare"}]""",
            """assistant|attribute||[{"type":"text","content":"7"}]""");
    }

    [Fact]
    public void FromSpan_NoMessages_Empty()
    {
        Assert.Empty(ConversationNormalizer.FromSpan(TestSpans.Create(genAi: true)));
        var empty = Chat(new() { ["gen_ai.input.messages"] = "[]", ["gen_ai.output.messages"] = "", ["gen_ai.system_instructions"] = Array.Empty<object?>() });
        Assert.Empty(ConversationNormalizer.FromSpan(empty));
        Assert.Empty(ConversationNormalizer.FromTrace([]));
    }

    [Fact]
    public void FromSpan_MultimodalAndUnknownParts_PassedThroughWhole()
    {
        var span = Chat(new()
        {
            ["gen_ai.input.messages"] = """[{"role":"user","parts":[{"type":"text","content":"What is this?"},{"type":"blob","modality":"image","mime_type":"image/png","content":"iVBORw0KGgo="},{"type":"uri","modality":"image","uri":"https://example.invalid/cat.png"},{"type":"file_data","modality":"video","file_id":"f1","mime_type":null}]}]""",
            ["gen_ai.output.messages"] = """[{"role":"assistant","parts":[{"type":"reasoning","content":"looks feline"},{"type":"text","content":"A cat."}],"finish_reason":"stop","extra":1}]""",
        });
        Lines(ConversationNormalizer.FromSpan(span),
            """user|attribute||[{"type":"text","content":"What is this?"},{"type":"blob","modality":"image","mime_type":"image/png","content":"iVBORw0KGgo="},{"type":"uri","modality":"image","uri":"https://example.invalid/cat.png"},{"type":"file_data","modality":"video","file_id":"f1","mime_type":null}]""",
            """assistant|attribute|stop|[{"type":"reasoning","content":"looks feline"},{"type":"text","content":"A cat."}]""");
    }

    [Fact]
    public void FromSpan_ToolCallArgumentsAsJsonText_ParsedIntoStructure()
    {
        var span = Chat(new()
        {
            ["gen_ai.output.messages"] = """[{"role":"assistant","parts":[{"type":"tool_call","id":"c","name":"f","arguments":"{\"a\":1}"},{"type":"tool_call","id":"d","name":"g","arguments":"not json"}],"finish_reason":"tool_call"}]""",
        });
        Lines(ConversationNormalizer.FromSpan(span),
            """assistant|attribute|tool_call|[{"type":"tool_call","id":"c","name":"f","arguments":{"a":1}},{"type":"tool_call","id":"d","name":"g","arguments":"not json"}]""");
    }

    [Fact]
    public void FromSpan_ProviderRoles_MappedToContractRoles()
    {
        var span = Chat(new()
        {
            ["gen_ai.input.messages"] = """[{"role":"developer","parts":[]},{"role":"model","parts":[]},{"role":"Function","parts":[]},{"role":"narrator","parts":[]},{"parts":[]}]""",
        });
        Assert.Equal(["system", "assistant", "tool", "user", "user"], ConversationNormalizer.FromSpan(span).Select(m => m.Role));
    }

    [Fact]
    public void FromSpan_ExecuteToolSpan_ToolCallAndResult()
    {
        var span = TestSpans.Create(name: "execute_tool get_weather") with
        {
            GenAi = new GenAiInfo { OperationName = "execute_tool", ToolName = "get_weather" },
            Attributes = new()
            {
                ["gen_ai.operation.name"] = "execute_tool",
                ["gen_ai.tool.name"] = "get_weather",
                ["gen_ai.tool.call.id"] = "call_1",
                ["gen_ai.tool.call.arguments"] = """{"city":"Paris"}""",
                ["gen_ai.tool.call.result"] = "rainy, 57F",
            },
        };
        Lines(ConversationNormalizer.FromSpan(span),
            """assistant|attribute||[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]""",
            """tool|attribute||[{"type":"tool_call_response","id":"call_1","response":"rainy, 57F"}]""");
    }

    [Fact]
    public void FromSpan_OperationDetailsSpanEvent_MessagesFromEventAttributes()
    {
        var span = TestSpans.Create(genAi: true) with
        {
            Events =
            [
                new SpanEventRecord { Name = "unrelated", Attributes = new() { ["gen_ai.input.messages"] = Input } },
                new SpanEventRecord
                {
                    Name = ConversationNormalizer.OperationDetailsEvent,
                    Attributes = new() { ["gen_ai.system_instructions"] = System, ["gen_ai.input.messages"] = Input, ["gen_ai.output.messages"] = Structured(Output) },
                },
            ],
        };
        Lines(ConversationNormalizer.FromSpan(span), Expected.Select(l => l.Replace("|attribute|", "|span_event|", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void FromLog_OperationDetailsLogRecord_AttributesOrMapBody()
    {
        var inAttributes = Log(ConversationNormalizer.OperationDetailsEvent, body: null, new()
        {
            ["gen_ai.system_instructions"] = System, ["gen_ai.input.messages"] = Input, ["gen_ai.output.messages"] = Output,
        });
        var inBody = Log(ConversationNormalizer.OperationDetailsEvent, body: new Dictionary<string, object?>
        {
            ["gen_ai.system_instructions"] = Structured(System), ["gen_ai.input.messages"] = Structured(Input), ["gen_ai.output.messages"] = Output,
        }, []);
        var expected = Expected.Select(l => l.Replace("|attribute|", "|log|", StringComparison.Ordinal)).ToArray();
        Lines(ConversationNormalizer.FromLog(inAttributes), expected);
        Lines(ConversationNormalizer.FromLog(inBody), expected);
        Assert.All(ConversationNormalizer.FromLog(inBody), m => Assert.Equal("00000000000000aa", m.SpanId));
        Assert.Empty(ConversationNormalizer.FromLog(Log("app.started", "hello", [])));
        Assert.Empty(ConversationNormalizer.FromLog(Log(null, "plain log line", [])));
    }

    internal static LogRecord Log(string? eventName, object? body, Dictionary<string, object?> attributes, long time = 1, string? spanId = "00000000000000aa") => new()
    {
        ServiceName = "svc",
        TraceId = "0af7651916cd43dd8448eb211c80319c",
        SpanId = spanId,
        EventName = eventName,
        Body = body,
        Attributes = attributes,
        TimeUnixNano = time,
    };

    internal static object? Structured(string json)
    {
        // The decoders' plain values: Dictionary<string, object?>, object?[], string, long, double, bool.
        using var document = JsonDocument.Parse(json);
        return ToPlain(document.RootElement);
    }

    private static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
