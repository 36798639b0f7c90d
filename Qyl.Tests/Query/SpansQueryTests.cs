using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Pipeline;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Query;

/// <summary><c>GET /api/v1/spans</c> and the 400s of every endpoint, through real HTTP.</summary>
public sealed class SpansQueryTests : QueryApiTestBase
{
    [Fact]
    public async Task GetSpans_PagedWithLimit_ReturnsEverySpanOnceInSeqOrder()
    {
        await IngestAsync([.. Enumerable.Range(0, 7).Select(_ => TestSpans.Create("svc"))]);

        var seqs = new List<long>();
        var cursor = 0L;
        for (var i = 0; i < 5; i++)
        {
            var page = await GetJsonAsync($"/api/v1/spans?afterSeq={cursor}&limit=3");
            Assert.Equal(["spans", "nextAfterSeq"], page.EnumerateObject().Select(p => p.Name));
            var pageSeqs = page.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("seq").GetInt64()).ToList();
            var next = page.GetProperty("nextAfterSeq").GetInt64();
            Assert.Equal(pageSeqs.Count > 0 ? pageSeqs[^1] : cursor, next);
            seqs.AddRange(pageSeqs);
            cursor = next;
        }

        Assert.Equal(7, seqs.Count);
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(7, seqs.Distinct().Count());
    }

    [Fact]
    public async Task GetSpans_AllFiltersCombined_ReturnsOnlyMatchingSpans()
    {
        var traceId = TestSpans.NewTraceId();
        var match = TestSpans.Create("agent", "s1", traceId, genAi: true);
        await IngestAsync(
            match,
            TestSpans.Create("agent", "s1", traceId),
            TestSpans.Create("agent", "s2", traceId, genAi: true),
            TestSpans.Create("other", "s1", traceId, genAi: true),
            TestSpans.Create("agent", "s1", genAi: true));

        var page = await GetJsonAsync($"/api/v1/spans?serviceName=agent&sessionId=s1&traceId={traceId.ToUpperInvariant()}&genAiOnly=true");
        var genAi = await GetJsonAsync("/api/v1/spans?genAiOnly=true");
        var none = await GetJsonAsync("/api/v1/spans?afterSeq=9000000000000000000");
        var emptyMeansDefault = await GetJsonAsync("/api/v1/spans?afterSeq=&limit=&serviceName=&sessionId=&traceId=&genAiOnly=");

        Assert.Equal(match.SpanId, Assert.Single(page.GetProperty("spans").EnumerateArray()).GetProperty("spanId").GetString());
        Assert.Equal(4, genAi.GetProperty("spans").GetArrayLength());
        Assert.Equal(0, none.GetProperty("spans").GetArrayLength());
        Assert.Equal(5, emptyMeansDefault.GetProperty("spans").GetArrayLength());
        Assert.Equal(9_000_000_000_000_000_000, none.GetProperty("nextAfterSeq").GetInt64());
    }

    [Theory]
    [InlineData("/api/v1/spans?limit=abc", "limit")]
    [InlineData("/api/v1/spans?limit=0", "limit")]
    [InlineData("/api/v1/spans?limit=1001", "limit")]
    [InlineData("/api/v1/spans?limit=-5", "limit")]
    [InlineData("/api/v1/spans?limit=1&limit=2", "limit")]
    [InlineData("/api/v1/spans?afterSeq=x", "afterSeq")]
    [InlineData("/api/v1/spans?afterSeq=-1", "afterSeq")]
    [InlineData("/api/v1/spans?afterSeq=99999999999999999999", "afterSeq")]
    [InlineData("/api/v1/spans?genAiOnly=yes", "genAiOnly")]
    [InlineData("/api/v1/spans?traceId=nothex", "traceId")]
    [InlineData("/api/v1/sessions?limit=2000", "limit")]
    [InlineData("/api/v1/sessions?limit=%20", "limit")]
    [InlineData("/api/v1/traces?limit=1.5", "limit")]
    public async Task Get_BadParameter_Returns400ProblemNamingParameterAndRange(string path, string parameter)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();
        var body = await response.Content.ReadAsStringAsync().WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains($"'{parameter}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_LimitRangeInProblem_NamesTheValidRange()
    {
        var problem = await GetJsonAsync("/api/v1/traces?limit=0", HttpStatusCode.BadRequest);

        Assert.Contains("from 1 to 1000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
