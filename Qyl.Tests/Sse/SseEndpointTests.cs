using System.Net;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Sse;

public sealed class SseEndpointTests
{
    [Fact]
    public async Task GetSpans_LiveSpan_WritesPinnedEventFormatAndHeaders()
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        using var response = await http.GetAsync(new Uri("/api/v1/events/spans", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("no", Assert.Single(response.Headers.GetValues("X-Accel-Buffering")));
        var reader = new SseReader(await response.Content.ReadAsStreamAsync().WithTimeout());

        await host.IngestAsync([TestSpans.Create(sessionId: "s1", genAi: true) with { StatusMessage = "line1\nline2" }]);
        var stored = Assert.Single(await host.StoredAsync());
        var block = await reader.ReadEventAsync(Timeouts.Short);

        var json = JsonSerializer.Serialize(stored, QylJsonContext.Default.SpanRecord);
        Assert.Equal($"event: span\nid: {stored.Seq}\ndata: {json}\n\n", block);
        Assert.DoesNotContain('\n', json);
        Assert.Contains("\"traceId\":", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSpans_LastEventIdHeader_ResumesAfterThatSeqThenLive()
    {
        await using var host = await QylTestHost.StartAsync();
        await host.IngestAsync([.. Enumerable.Range(0, 5).Select(_ => TestSpans.Create())]);
        var seqs = (await host.StoredAsync()).Select(s => s.Seq).ToList();

        using var http = host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/spans");
        request.Headers.Add("Last-Event-ID", seqs[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        var reader = new SseReader(await response.Content.ReadAsStreamAsync().WithTimeout());
        await host.IngestAsync([TestSpans.Create(), TestSpans.Create()]);
        var all = (await host.StoredAsync()).Select(s => s.Seq).ToList();

        var received = new List<long>();
        while (received.Count < all.Count - 2)
        {
            received.Add(SseReader.IdOf(await reader.ReadEventAsync(Timeouts.Short)));
        }
        Assert.Equal(all.Skip(2), received);
    }

    [Fact]
    public async Task GetFilteredSpans_ServiceAndGenAi_OnlyMatchingSpansInSeqOrder()
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        using var response = await http.GetAsync(new Uri("/api/v1/events/spans/filter?serviceName=a&genAiOnly=true&sessionId=&traceId=", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        var reader = new SseReader(await response.Content.ReadAsStreamAsync().WithTimeout());
        await host.IngestAsync([TestSpans.Create("a", genAi: true), TestSpans.Create("a"), TestSpans.Create("b", genAi: true), TestSpans.Create("a", genAi: true)]);
        var expected = (await host.StoredAsync(new SpanFilter { ServiceName = "a", GenAiOnly = true })).Select(s => s.Seq).ToList();
        Assert.Equal(2, expected.Count);

        Assert.Equal(expected[0], SseReader.IdOf(await reader.ReadEventAsync(Timeouts.Short)));
        Assert.Equal(expected[1], SseReader.IdOf(await reader.ReadEventAsync(Timeouts.Short)));
    }

    [Fact]
    public async Task GetSpans_IdleWithShortInterval_SendsHeartbeatComment()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Streaming:SseHeartbeatSeconds"] = "1" });
        using var http = host.CreateHttpClient();
        using var response = await http.GetAsync(new Uri("/api/v1/events/spans", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        var reader = new SseReader(await response.Content.ReadAsStreamAsync().WithTimeout());
        Assert.Equal(": heartbeat\n\n", await reader.ReadBlockAsync(Timeouts.Short));
    }

    [Theory]
    [InlineData("/api/v1/events/spans/filter?genAiOnly=maybe")]
    [InlineData("/api/v1/events/spans?lastEventId=abc")]
    public async Task GetSpans_BadParameter_Returns400ProblemDetails(string path)
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
