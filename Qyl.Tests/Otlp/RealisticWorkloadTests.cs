using System.Text.Json;
using Qyl.Contracts;
using Qyl.Ingest.Otlp.Protobuf;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Storage;

namespace Qyl.Tests.Otlp;

/// <summary>
/// The realistic GenAI workload the bench sends and the tests' fixtures come from
/// (<see cref="GenAiWorkload"/>): deterministic, varied as the bench needs, and its two renderings
/// (OTLP protobuf bytes and span records) agree through the hub's real decoder.
/// </summary>
public sealed class RealisticWorkloadTests
{
    [Fact]
    public void Decode_EveryBody_SameRecordsAsTheWorkloadSays()
    {
        const ulong Now = 1_800_000_000_000_000_000UL;
        foreach (var body in GenAiWorkload.Generate(64, 512))
        {
            var template = WorkloadEncoding.Encode(body, runNonce: 0xfeed);

            var bytes = new byte[template.Length];
            template.Render(bytes, 40 + body.Index, Now);
            var decoded = OtlpProtobufDecoder.Decode(bytes);

            Assert.Equal(0, decoded.RejectedSpans);
            Assert.Equal(WorkloadRecords.ToRecords(body, 40 + body.Index, 0xfeed, (long)Now), decoded.Spans.OrderBy(s => s.SpanId, StringComparer.Ordinal), SpanComparer.Instance);
        }
    }

    [Fact]
    public void Generate_SameSeed_SameBytes_OtherSeed_OtherBytes()
    {
        static byte[][] Render(int seed) => [.. GenAiWorkload.Generate(8, 128, seed).Select(b => WorkloadEncoding.Encode(b, runNonce: 1)).Select(t =>
        {
            var bytes = new byte[t.Length];
            t.Render(bytes, 1, 1_800_000_000_000_000_000UL);
            return bytes;
        })];

        Assert.Equal(Render(7), Render(7));
        Assert.NotEqual(Render(7)[0], Render(8)[0]);
        // A body does not depend on how many are asked for.
        Assert.Equal(GenAiWorkload.Body(5, 128, 7).Spans.Select(s => s.Name), GenAiWorkload.Generate(6, 128, 7)[5].Spans.Select(s => s.Name));
    }

    [Fact]
    public void Generate_64Bodies_VariedAsTheBenchNeeds()
    {
        var bodies = GenAiWorkload.Generate(64, 512);
        var spans = bodies.SelectMany(b => b.Spans).ToList();
        string[] Values(string key) => [.. spans.SelectMany(s => s.Attributes).Where(a => a.Key == key).Select(a => a.Value.ToString()!).Distinct()];

        Assert.All(bodies, b => Assert.Equal(512, b.Spans.Count));
        Assert.Equal(64, bodies.Select(b => Convert.ToBase64String(WorkloadEncoding.Encode(b, runNonce: 1).Render(1))).Distinct().Count());
        Assert.True(bodies.Select(b => b.Service.Name).Distinct().Count() >= 5);
        Assert.Equal(["dotnet", "nodejs", "python"], bodies.Select(b => b.Service.Language).Distinct().Order());
        Assert.All(bodies, b => Assert.Contains(b.Service.Resource, a => a.Key == "telemetry.sdk.version"));
        Assert.All(bodies, b => Assert.Contains(b.Service.Resource, a => a.Key.StartsWith("process.", StringComparison.Ordinal)));
        Assert.All(bodies, b => Assert.Contains(b.Service.Resource, a => a.Key == "host.name"));
        Assert.Equal(["chat", "execute_tool", "invoke_agent"], spans.Where(s => s.GenAi is not null).Select(s => s.GenAi!.OperationName).Distinct().Order());
        Assert.True(Values("gen_ai.request.model").Length >= 8);
        Assert.True(Values("gen_ai.tool.name").Length >= 8);
        Assert.True(Values("url.full").Concat(Values("http.url")).Count() >= 20);
        Assert.True(Values("db.query.text").Concat(Values("db.statement")).Count() >= 8);
        Assert.True(spans.Select(s => s.GenAi?.InputTokens).Distinct().Count() >= 1000);
        Assert.Equal(["content_filter", "length", "stop", "tool_calls"], spans.SelectMany(s => s.Attributes)
            .Where(a => a.Key == "gen_ai.response.finish_reasons").Select(a => ((string[])a.Value)[0]).Distinct().Order());
        var chats = spans.Where(s => s.GenAi?.OperationName == "chat").ToList();
        var withContent = chats.Where(s => s.Attributes.Any(a => a.Key == "gen_ai.input.messages")).ToList();
        Assert.InRange((double)withContent.Count / chats.Count, 0.2, 0.7);
        Assert.All(withContent, s =>
        {
            var content = s.Attributes.Where(a => a.Key is "gen_ai.input.messages" or "gen_ai.output.messages").Select(a => (string)a.Value).ToList();
            Assert.InRange(content.Sum(c => c.Length), 300, 4200);
            Assert.All(content, c => Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(c).RootElement.ValueKind));
        });
    }

    [Fact]
    public void Chat_Fixture_HasTheGivenIdentityAndItsOwnDictionaries()
    {
        var a = TestSpans.Chat("agent", "0123456789abcdef0123456789abcdef", "s1", "00000000000000aa", 3);
        var b = TestSpans.Chat("agent", "0123456789abcdef0123456789abcdef", "s1", "00000000000000aa", 3);

        Assert.Equal(("agent", "s1", "00000000000000aa", "chat"), (a.ServiceName, a.SessionId, a.ParentSpanId, a.GenAi!.OperationName));
        Assert.Equal("agent", a.ResourceAttributes["service.name"]);
        Assert.Equal("s1", a.Attributes["session.id"]);
        Assert.NotEqual(a.SpanId, b.SpanId);
        Assert.NotSame(a.Attributes, b.Attributes);
        Assert.NotSame(a.ResourceAttributes, b.ResourceAttributes);
        Assert.Equal(a with { SpanId = b.SpanId }, b, SpanComparer.Instance);
    }
}
