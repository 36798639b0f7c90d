using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;

namespace Qyl.Tests.Conversations;

/// <summary>
/// Hand-written OTLP/JSON over real HTTP in each older convention (per-message span events, per-message
/// log records, the operation details event as a log record), read back through the messages API.
/// </summary>
public sealed class OtlpConventionPayloadTests : IAsyncLifetime
{
    private QylTestHost _host = null!;
    private HttpClient _otlp = null!;
    private HttpClient _api = null!;

    private static readonly string[] Expected =
    [
        """system|{0}||[{"type":"text","content":"You are terse."}]""",
        """user|{0}||[{"type":"text","content":"Weather in Paris?"}]""",
        """assistant|{0}||[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]""",
        """tool|{0}||[{"type":"tool_call_response","id":"call_1","response":"rainy, 57F"}]""",
        """assistant|{0}|stop|[{"type":"text","content":"It is rainy."}]""",
    ];

    public async Task InitializeAsync()
    {
        _host = await QylTestHost.StartAsync();
        _otlp = _host.CreateOtlpHttpClient();
        _api = _host.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _otlp.Dispose();
        _api.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task PerMessageSpanEvents_OtlpJson_MessagesInOrder()
    {
        var traceId = TestSpans.NewTraceId();
        var events = new JsonArray
        {
            Event("gen_ai.system.message", ("gen_ai.system", "openai"), ("content", "You are terse.")),
            Event("gen_ai.user.message", ("content", "Weather in Paris?")),
            Event("gen_ai.assistant.message", ("tool_calls", """[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]""")),
            Event("gen_ai.tool.message", ("content", "rainy, 57F"), ("id", "call_1")),
            Event("gen_ai.choice", ("index", 0L), ("finish_reason", "stop"), ("message", """{"content":"It is rainy."}""")),
        };
        await PostAsync("/v1/traces", Traces(traceId, "00f067aa0ba902b7", events));
        await AssertMessagesAsync(traceId, Expected.Select(l => l.Replace("{0}", "span_event", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public async Task PerMessageLogRecords_OtlpJson_MessagesAfterTheirSpan()
    {
        var traceId = TestSpans.NewTraceId();
        const string SpanId = "00f067aa0ba902b8";
        await PostAsync("/v1/traces", Traces(traceId, SpanId, []));
        var toolCall = Map(("id", "call_1"), ("type", "function"), ("function", Map(("name", "get_weather"), ("arguments", """{"city":"Paris"}"""))));
        var records = new JsonArray
        {
            // eventName is the OTLP 1.5 field; older SDKs send the attribute event.name.
            LogRecord(traceId, SpanId, 1, "gen_ai.system.message", Map(("content", "You are terse."))),
            LogRecord(traceId, SpanId, 2, null, Map(("content", "Weather in Paris?")), ("event.name", "gen_ai.user.message")),
            LogRecord(traceId, SpanId, 3, "gen_ai.assistant.message", Map(("tool_calls", new JsonObject { ["arrayValue"] = new JsonObject { ["values"] = new JsonArray { toolCall } } }))),
            LogRecord(traceId, SpanId, 4, "gen_ai.tool.message", Map(("content", "rainy, 57F"), ("id", "call_1"))),
            LogRecord(traceId, SpanId, 5, "gen_ai.choice", Map(("index", 0L), ("finish_reason", "stop"), ("message", Map(("content", "It is rainy."))))),
            LogRecord(traceId, SpanId, 6, null, Value("an ordinary log line")),
        };
        await PostAsync("/v1/logs", Logs(records));
        await AssertMessagesAsync(traceId, Expected.Select(l => l.Replace("{0}", "log", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public async Task OperationDetailsLogRecord_OtlpJson_MessagesFromItsAttributes()
    {
        var traceId = TestSpans.NewTraceId();
        var record = LogRecord(traceId, "00f067aa0ba902b9", 1, "gen_ai.client.inference.operation.details", body: null,
            ("gen_ai.system_instructions", """[{"type":"text","content":"You are terse."}]"""),
            ("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]"""),
            ("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"It is rainy."}],"finish_reason":"stop"}]"""));
        await PostAsync("/v1/logs", Logs([record]));
        // Only log records of this trace are stored: the trace is still found, by its logs.
        await AssertMessagesAsync(traceId,
            """system|log||[{"type":"text","content":"You are terse."}]""",
            """user|log||[{"type":"text","content":"Weather in Paris?"}]""",
            """assistant|log|stop|[{"type":"text","content":"It is rainy."}]""");
    }

    [Fact]
    public async Task MalformedMessageJson_OtlpJson_SpanStoredMessageShownRaw()
    {
        var traceId = TestSpans.NewTraceId();
        var span = Span(traceId, "00f067aa0ba902c0", []);
        ((JsonArray)span["attributes"]!).Add(Attribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{"));
        await PostAsync("/v1/traces", Wrap("resourceSpans", "scopeSpans", "spans", span));
        await AssertMessagesAsync(traceId, """user|attribute||[{"type":"text","content":"[{\u0022role\u0022:\u0022user\u0022,\u0022parts\u0022:[{"}]""");
    }

    private async Task AssertMessagesAsync(string traceId, params string[] expected)
    {
        // OTLP answers once records are accepted; storing completes right after, so poll briefly.
        using var cts = new CancellationTokenSource(Timeouts.Short);
        string[] actual = [];
        while (!cts.IsCancellationRequested)
        {
            using var response = await _api.GetAsync(new Uri($"/api/v1/traces/{traceId}/messages", UriKind.Relative)).WithTimeout();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                actual = body.GetProperty("messages").EnumerateArray()
                    .Select(m => $"{m.GetProperty("role").GetString()}|{m.GetProperty("source").GetString()}|{m.GetProperty("finishReason").GetString()}|{m.GetProperty("parts").GetRawText()}")
                    .ToArray();
                if (actual.Length >= expected.Length)
                {
                    break;
                }
            }
            await Task.Delay(20);
        }
        Assert.Equal(expected, actual);
    }

    private async Task PostAsync(string path, JsonNode payload)
    {
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _otlp.PostAsync(new Uri(path, UriKind.Relative), content).WithTimeout();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    internal static JsonObject Traces(string traceId, string spanId, JsonArray events) =>
        Wrap("resourceSpans", "scopeSpans", "spans", Span(traceId, spanId, events));

    private static JsonObject Span(string traceId, string spanId, JsonArray events) => new()
    {
        ["traceId"] = traceId,
        ["spanId"] = spanId,
        ["name"] = "chat gpt-4o",
        ["kind"] = 3,
        ["startTimeUnixNano"] = "1700000000000000000",
        ["endTimeUnixNano"] = "1700000001000000000",
        ["attributes"] = new JsonArray { Attribute("gen_ai.operation.name", "chat"), Attribute("gen_ai.request.model", "gpt-4o") },
        ["events"] = events,
    };

    internal static JsonObject Logs(JsonArray records) => Wrap("resourceLogs", "scopeLogs", "logRecords", [.. records.Select(r => r!.DeepClone())]);

    private static JsonObject Wrap(string resourceKey, string scopeKey, string itemsKey, params JsonNode?[] items) => new()
    {
        [resourceKey] = new JsonArray
        {
            new JsonObject
            {
                ["resource"] = new JsonObject { ["attributes"] = new JsonArray { Attribute("service.name", "legacy-agent") } },
                [scopeKey] = new JsonArray { new JsonObject { ["scope"] = new JsonObject { ["name"] = "legacy" }, [itemsKey] = new JsonArray(items) } },
            },
        },
    };

    internal static JsonObject LogRecord(string traceId, string spanId, long offset, string? eventName, JsonObject? body, params (string Key, object Value)[] attributes)
    {
        var record = new JsonObject
        {
            ["timeUnixNano"] = (1_700_000_000_100_000_000L + offset).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["severityNumber"] = 9,
            ["traceId"] = traceId,
            ["spanId"] = spanId,
            ["attributes"] = new JsonArray([.. attributes.Select(a => Attribute(a.Key, a.Value))]),
        };
        if (eventName is not null)
        {
            record["eventName"] = eventName;
        }
        if (body is not null)
        {
            record["body"] = body;
        }
        return record;
    }

    internal static JsonObject Event(string name, params (string Key, object Value)[] attributes) => new()
    {
        ["timeUnixNano"] = "1700000000500000000",
        ["name"] = name,
        ["attributes"] = new JsonArray([.. attributes.Select(a => Attribute(a.Key, a.Value))]),
    };

    private static JsonObject Attribute(string key, object value) => new() { ["key"] = key, ["value"] = Value(value) };

    internal static JsonObject Map(params (string Key, object Value)[] values) =>
        new() { ["kvlistValue"] = new JsonObject { ["values"] = new JsonArray([.. values.Select(v => Attribute(v.Key, v.Value))]) } };

    private static JsonObject Value(object value) => value switch
    {
        JsonObject anyValue => (JsonObject)anyValue.DeepClone(),
        string text => new JsonObject { ["stringValue"] = text },
        long number => new JsonObject { ["intValue"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException($"no AnyValue for {value.GetType()}", nameof(value)),
    };
}
