using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Pipeline;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Query;

/// <summary>The query API through real HTTP on a real hub, fed through the ingest pipeline.</summary>
public sealed class QueryApiTests : QueryApiTestBase
{
    private const long T0 = 1_800_000_000_000_000_000L;
    private const long Ms = 1_000_000;

    private static string[] Names(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task GetServices_AfterIngest_ReturnsContractFields()
    {
        await IngestAsync(TestSpans.Create("checkout", startTimeUnixNano: T0), TestSpans.Create("checkout", startTimeUnixNano: T0 + Ms));

        var services = await GetJsonAsync("/api/v1/services");

        var row = Assert.Single(services.EnumerateArray());
        Assert.Equal(["serviceName", "spanCount", "lastSeenUnixNano"], Names(row));
        Assert.Equal("checkout", row.GetProperty("serviceName").GetString());
        Assert.Equal(2, row.GetProperty("spanCount").GetInt64());
        Assert.Equal(T0 + (6 * Ms), row.GetProperty("lastSeenUnixNano").GetInt64());
    }

    [Fact]
    public async Task GetSessions_FilteredAndLimited_MostRecentFirstWithContractFields()
    {
        await IngestAsync(
            TestSpans.Create("agent", "s-old", genAi: true, startTimeUnixNano: T0),
            TestSpans.Create("agent", "s-new", status: SpanStatuses.Error, startTimeUnixNano: T0 + (10 * Ms)),
            TestSpans.Create("other", "s-other", startTimeUnixNano: T0 + (20 * Ms)));

        var sessions = await GetJsonAsync("/api/v1/sessions?serviceName=agent");
        var limited = await GetJsonAsync("/api/v1/sessions?limit=1");

        Assert.Equal(["s-new", "s-old"], sessions.EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()));
        Assert.Equal(
            ["sessionId", "serviceName", "spanCount", "traceCount", "firstSeenUnixNano", "lastSeenUnixNano", "inputTokens", "outputTokens", "errorCount", "costUsd", "unpricedSpans"],
            Names(sessions[0]));
        var old = sessions[1];
        Assert.Equal((1L, 1L, T0, T0 + (5 * Ms), 10L, 20L, 0L), (
            old.GetProperty("spanCount").GetInt64(), old.GetProperty("traceCount").GetInt64(),
            old.GetProperty("firstSeenUnixNano").GetInt64(), old.GetProperty("lastSeenUnixNano").GetInt64(),
            old.GetProperty("inputTokens").GetInt64(), old.GetProperty("outputTokens").GetInt64(), old.GetProperty("errorCount").GetInt64()));
        Assert.Equal(1, sessions[0].GetProperty("errorCount").GetInt64());
        // The GenAI span came straight into the pipeline, not through OTLP's pricing: unpriced.
        Assert.Equal((0.0, 1L), (old.GetProperty("costUsd").GetDouble(), old.GetProperty("unpricedSpans").GetInt64()));
        Assert.Equal("s-other", Assert.Single(limited.EnumerateArray()).GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task GetTraces_WithFilters_ReturnsSummariesWithContractFields()
    {
        var traceId = TestSpans.NewTraceId();
        var root = TestSpans.Create("gateway", null, traceId, name: "POST /chat", startTimeUnixNano: T0);
        await IngestAsync(
            PricedCalls.Chat("agent", "s1", traceId, "openai", "gpt-4o-2024-08-06", 1_500, 250, startTimeUnixNano: T0 + Ms) with { ParentSpanId = root.SpanId },
            root,
            TestSpans.Create("other", startTimeUnixNano: T0 + (50 * Ms)));

        var all = await GetJsonAsync("/api/v1/traces");
        var bySession = await GetJsonAsync("/api/v1/traces?sessionId=s1&serviceName=agent&limit=5");

        Assert.Equal(2, all.GetArrayLength());
        var trace = Assert.Single(bySession.EnumerateArray());
        Assert.Equal(["traceId", "rootName", "serviceName", "sessionId", "startTimeUnixNano", "durationMs", "spanCount", "errorCount", "costUsd", "unpricedSpans"], Names(trace));
        Assert.Equal((traceId, "POST /chat", "gateway", "s1"), (
            trace.GetProperty("traceId").GetString(), trace.GetProperty("rootName").GetString(),
            trace.GetProperty("serviceName").GetString(), trace.GetProperty("sessionId").GetString()));
        Assert.Equal((T0, 6.0, 2L, 0L), (
            trace.GetProperty("startTimeUnixNano").GetInt64(), trace.GetProperty("durationMs").GetDouble(),
            trace.GetProperty("spanCount").GetInt64(), trace.GetProperty("errorCount").GetInt64()));
        Assert.Equal(((double)PricedCalls.Expected("openai", "gpt-4o", 1_500, 250), 0L), (trace.GetProperty("costUsd").GetDouble(), trace.GetProperty("unpricedSpans").GetInt64()));
        Assert.Equal(traceId, all[1].GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task GetTrace_KnownUppercaseId_ReturnsSpansInSeqOrder()
    {
        var traceId = TestSpans.NewTraceId();
        var first = TestSpans.Chat("agent", traceId, "s1", null, 1);
        await IngestAsync(first, TestSpans.Create("agent", traceId: traceId, parentSpanId: first.SpanId));

        var trace = await GetJsonAsync($"/api/v1/traces/{traceId.ToUpperInvariant()}");

        Assert.Equal(["traceId", "spans", "logs"], Names(trace));
        Assert.Equal(traceId, trace.GetProperty("traceId").GetString());
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(2, spans.Count);
        Assert.True(spans[0].GetProperty("seq").GetInt64() < spans[1].GetProperty("seq").GetInt64());
        Assert.Equal(first.SpanId, spans[0].GetProperty("spanId").GetString());
        Assert.Equal(first.GenAi!.RequestModel, spans[0].GetProperty("genAi").GetProperty("requestModel").GetString());
        Assert.Equal((long)first.Attributes["gen_ai.request.max_tokens"]!, spans[0].GetProperty("attributes").GetProperty("gen_ai.request.max_tokens").GetInt64());
    }

    [Fact]
    public async Task GetTrace_UnknownId_Returns404Problem()
    {
        var problem = await GetJsonAsync($"/api/v1/traces/{TestSpans.NewTraceId()}", HttpStatusCode.NotFound);

        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz000000000000000000000000000000")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    public async Task GetTrace_MalformedId_Returns400NamingTraceId(string traceId)
    {
        var problem = await GetJsonAsync($"/api/v1/traces/{traceId}", HttpStatusCode.BadRequest);

        Assert.Equal("traceId", problem.GetProperty("parameter").GetString());
        Assert.Contains("32 hexadecimal", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
