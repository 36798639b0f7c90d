using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Sse;

/// <summary><c>GET /api/v1/events/logs[/filter]</c>: <c>event: log</c> with <c>id: seq</c>, and Last-Event-ID resume.</summary>
public sealed class SseLogsTests
{
    [Fact]
    public async Task EventsLogsFilter_LiveThenReconnectWithLastEventId_EveryRecordOnceAsLogEvents()
    {
        await using var host = await QylTestHost.StartAsync();
        var service = $"sse-logs-{Guid.NewGuid():N}";
        using var http = host.CreateHttpClient();
        var path = new Uri($"/api/v1/events/logs/filter?serviceName={service}&genAiOnly=false&sessionId=&traceId=", UriKind.Relative);
        var received = new List<LogRecord>();
        using (var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).WithTimeout())
        {
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var reader = new SseReader(await response.Content.ReadAsStreamAsync().WithTimeout());
            await host.IngestLogsAsync(TestLogs.Create(service), TestLogs.Create($"other-{Guid.NewGuid():N}"), TestLogs.Create(service));
            await host.IngestAsync(TestSpans.Create(service));
            for (var i = 0; i < 2; i++)
            {
                received.Add(Parse(await reader.ReadEventAsync(Timeouts.Short)));
            }
        }
        await host.IngestLogsAsync(TestLogs.Create(service), TestLogs.Create(service));

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Last-Event-ID", received[0].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var resumed = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        var resumedReader = new SseReader(await resumed.Content.ReadAsStreamAsync().WithTimeout());
        var afterResume = new List<LogRecord>();
        for (var i = 0; i < 3; i++)
        {
            afterResume.Add(Parse(await resumedReader.ReadEventAsync(Timeouts.Short)));
        }

        var stored = await host.StoredLogsAsync(new SpanFilter { ServiceName = service });
        Assert.Equal(stored.Take(2).Select(l => l.Seq), received.Select(l => l.Seq));
        Assert.Equal(stored.Skip(1).Select(l => l.Seq), afterResume.Select(l => l.Seq));
        Assert.Equal(stored, [received[0], .. afterResume], Storage.LogComparer.Instance);
    }

    [Fact]
    public async Task EventsLogs_BadGenAiOnly_400WithReason()
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();

        using var response = await http.GetAsync(new Uri("/api/v1/events/logs/filter?genAiOnly=maybe", UriKind.Relative)).WithTimeout();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("genAiOnly must be true or false", await response.Content.ReadAsStringAsync().WithTimeout(), StringComparison.Ordinal);
    }

    private static LogRecord Parse(string block)
    {
        Assert.StartsWith("event: log\nid: ", block, StringComparison.Ordinal);
        var data = block.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))[6..];
        var log = JsonSerializer.Deserialize(data, QylJsonContext.Default.LogRecord)!;
        Assert.Equal(SseReader.IdOf(block), log.Seq);
        return log;
    }
}
