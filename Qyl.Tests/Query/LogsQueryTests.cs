using System.Net;
using System.Text.Json;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Query;

/// <summary><c>GET /api/v1/logs</c> and the <c>logs</c> of <c>GET /api/v1/traces/{traceId}</c>, through real HTTP.</summary>
public sealed class LogsQueryTests : QueryApiTestBase
{
    private static IEnumerable<string?> Bodies(JsonElement page) =>
        page.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("body").GetString());

    [Fact]
    public async Task GetLogs_PagedWithLimit_EveryRecordOnceInSeqOrderWithContractNames()
    {
        await IngestLogsAsync([.. Enumerable.Range(0, 7).Select(i => TestLogs.Create("paged", body: $"b{i}"))]);

        var bodies = new List<string?>();
        var cursor = 0L;
        for (var i = 0; i < 4; i++)
        {
            var page = await GetJsonAsync($"/api/v1/logs?serviceName=paged&afterSeq={cursor}&limit=3");
            Assert.Equal(["logs", "nextAfterSeq"], page.EnumerateObject().Select(p => p.Name));
            var seqs = page.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("seq").GetInt64()).ToList();
            Assert.Equal(seqs.Count > 0 ? seqs[^1] : cursor, page.GetProperty("nextAfterSeq").GetInt64());
            bodies.AddRange(Bodies(page));
            cursor = page.GetProperty("nextAfterSeq").GetInt64();
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"b{i}"), bodies);
        var record = (await GetJsonAsync("/api/v1/logs?serviceName=paged&limit=1")).GetProperty("logs")[0];
        Assert.Equal(
            ["seq", "traceId", "spanId", "serviceName", "sessionId", "timeUnixNano", "observedTimeUnixNano", "severityNumber",
             "severityText", "eventName", "body", "attributes", "resourceAttributes", "scopeName"],
            record.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task GetLogs_EveryFilter_OnlyMatchingRecords()
    {
        var trace = TestSpans.NewTraceId();
        await IngestLogsAsync(
            TestLogs.Create("filters", sessionId: "fs1", traceId: trace, spanId: "aaaaaaaaaaaaaaaa", eventName: "gen_ai.user.message", body: "match"),
            TestLogs.Create("filters", sessionId: "fs1", traceId: trace, spanId: "bbbbbbbbbbbbbbbb", body: "other-span"),
            TestLogs.Create("filters", sessionId: "fs2", body: "other-session"),
            TestLogs.Create("filters-other", body: "other-service"));

        Assert.Equal(["match"], Bodies(await GetJsonAsync($"/api/v1/logs?serviceName=filters&sessionId=fs1&traceId={trace.ToUpperInvariant()}&spanId=AAAAAAAAAAAAAAAA&genAiOnly=true")));
        Assert.Equal(["match", "other-span"], Bodies(await GetJsonAsync($"/api/v1/logs?traceId={trace}")));
        Assert.Equal(["match"], Bodies(await GetJsonAsync("/api/v1/logs?serviceName=filters&genAiOnly=true")));
        Assert.Equal(["other-service"], Bodies(await GetJsonAsync("/api/v1/logs?serviceName=filters-other&genAiOnly=false")));
    }

    [Theory]
    [InlineData("afterSeq=-1", "afterSeq")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("traceId=xyz", "traceId")]
    [InlineData("spanId=123", "spanId")]
    [InlineData("spanId=zzzzzzzzzzzzzzzz", "spanId")]
    [InlineData("genAiOnly=maybe", "genAiOnly")]
    [InlineData("serviceName=a&serviceName=b", "serviceName")]
    public async Task GetLogs_BadParameter_400ProblemNamingIt(string query, string parameter)
    {
        var problem = await GetJsonAsync($"/api/v1/logs?{query}", HttpStatusCode.BadRequest);

        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(parameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTrace_SpansAndLogs_LogsInSeqOrderBesideSpans()
    {
        var trace = TestSpans.NewTraceId();
        var span = TestSpans.Create("trace-logs", sessionId: "ts", traceId: trace);
        await IngestAsync(span);
        await IngestLogsAsync(TestLogs.Create("trace-logs", traceId: trace, spanId: span.SpanId, body: "first"), TestLogs.Create("trace-logs", body: "elsewhere"));
        await IngestLogsAsync(TestLogs.Create("trace-logs", traceId: trace, body: "second"));

        var detail = await GetJsonAsync($"/api/v1/traces/{trace.ToUpperInvariant()}");

        Assert.Equal(["traceId", "spans", "logs"], detail.EnumerateObject().Select(p => p.Name));
        Assert.Equal(span.SpanId, Assert.Single(detail.GetProperty("spans").EnumerateArray()).GetProperty("spanId").GetString());
        Assert.Equal(["first", "second"], Bodies(detail));
        // The record without a session took its span's.
        Assert.Equal("ts", detail.GetProperty("logs")[0].GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task GetTrace_OnlyLogsStored_TraceWithNoSpans_UnknownTrace404()
    {
        var trace = TestSpans.NewTraceId();
        await IngestLogsAsync(TestLogs.Create("logs-only", traceId: trace, body: "alone"));

        var detail = await GetJsonAsync($"/api/v1/traces/{trace}");
        var missing = await GetJsonAsync($"/api/v1/traces/{TestSpans.NewTraceId()}", HttpStatusCode.NotFound);
        var spanOnly = TestSpans.Create("spans-only");
        await IngestAsync(spanOnly);
        var withoutLogs = await GetJsonAsync($"/api/v1/traces/{spanOnly.TraceId}");

        Assert.Empty(detail.GetProperty("spans").EnumerateArray());
        Assert.Equal(["alone"], Bodies(detail));
        Assert.Contains("log records", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(withoutLogs.GetProperty("logs").EnumerateArray());
    }
}
