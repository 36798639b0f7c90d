using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.Postgres;
using Qyl.Tests.Conversations;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;

namespace Qyl.Tests.Postgres;

/// <summary>The messages API on a hub whose store is PostgreSQL: values read back from the database normalize alike.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConversationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task MessagesApi_OnPostgres_SpanAttributesAndLogRecordsOfOneSession()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(),
            // Test records are dated 2023: retention must not remove them behind the test's back.
            ["Qyl:Storage:RetentionHours"] = "87600",
        });
        Assert.IsType<PostgresSpanStore>(host.Services.GetRequiredService<ISpanStore>());

        var traceId = TestSpans.NewTraceId();
        // Structured values (kvlist/array AnyValues as the decoders map them) in one span ...
        var call1 = TestSpans.Create(genAi: true, traceId: traceId, sessionId: "pg-session", startTimeUnixNano: 1_700_000_000_000_000_000) with
        {
            Attributes = new()
            {
                ["gen_ai.input.messages"] = ConversationNormalizerTests.Structured("""[{"role":"user","parts":[{"type":"text","content":"hi"}]}]"""),
                ["gen_ai.output.messages"] = """[{"role":"assistant","parts":[{"type":"tool_call","id":"c1","name":"f","arguments":{"n":1.5,"ok":true}}],"finish_reason":"tool_call"}]""",
            },
        };
        // ... and the older convention's log records on a second call's span.
        var call2 = TestSpans.Create(genAi: true, traceId: traceId, sessionId: "pg-session", startTimeUnixNano: 1_700_000_000_200_000_000);
        await host.IngestAsync(call1, call2);
        using var otlp = host.CreateOtlpHttpClient();
        var logs = OtlpConventionPayloadTests.Logs(
        [
            OtlpConventionPayloadTests.LogRecord(traceId, call2.SpanId, 300_000_000, "gen_ai.user.message", OtlpConventionPayloadTests.Map(("content", "hi"))),
            OtlpConventionPayloadTests.LogRecord(traceId, call2.SpanId, 300_000_001, "gen_ai.tool.message", OtlpConventionPayloadTests.Map(("content", "42"), ("id", "c1"))),
            OtlpConventionPayloadTests.LogRecord(traceId, call2.SpanId, 300_000_002, "gen_ai.choice", OtlpConventionPayloadTests.Map(("finish_reason", "stop"), ("message", OtlpConventionPayloadTests.Map(("content", "done"))))),
        ]);
        using (var content = new StringContent(logs.ToJsonString(), Encoding.UTF8, "application/json"))
        using (var response = await otlp.PostAsync(new Uri("/v1/logs", UriKind.Relative), content).WithTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var api = host.CreateHttpClient();
        // OTLP answers once the records are accepted; storing them completes right after.
        string[] trace = [];
        using var cts = new CancellationTokenSource(Timeouts.Short);
        while (trace.Length < 5 && !cts.IsCancellationRequested)
        {
            trace = await LinesAsync(api, $"/api/v1/traces/{traceId}/messages");
            await Task.Delay(20);
        }
        Assert.Equal(
        [
            """user|attribute|[{"type":"text","content":"hi"}]""",
            """assistant|attribute|[{"type":"tool_call","id":"c1","name":"f","arguments":{"n":1.5,"ok":true}}]""",
            """user|log|[{"type":"text","content":"hi"}]""",
            """tool|log|[{"type":"tool_call_response","id":"c1","response":"42"}]""",
            """assistant|log|[{"type":"text","content":"done"}]""",
        ], trace);
        Assert.Equal([trace[0], trace[1], trace[3], trace[4]], await LinesAsync(api, "/api/v1/sessions/pg-session/messages"));
    }

    private static async Task<string[]> LinesAsync(HttpClient api, string path)
    {
        using var response = await api.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => $"{m.GetProperty("role").GetString()}|{m.GetProperty("source").GetString()}|{m.GetProperty("parts").GetRawText()}")
            .ToArray();
    }
}
