using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Sse;

namespace Qyl.Tests.Hub;

/// <summary>
/// The summary view (<c>filter.view = "summary"</c>): the same spans as the full view of the same
/// selection, each carrying only the summary fields, live and on resume, on every transport.
/// </summary>
public sealed class HubSummaryViewTests
{
    // The summary's fields, by their wire names; everything else of a span stays behind.
    private static readonly string[] s_summaryFields =
    [
        "seq", "traceId", "spanId", "parentSpanId", "name", "kind", "serviceName", "sessionId", "startTimeUnixNano",
        "endTimeUnixNano", "durationMs", "status", "inProgress", "genAi",
    ];

    private static readonly string[] s_genAiSummaryFields = ["operationName", "requestModel", "inputTokens", "outputTokens", "costUsd"];

    public static TheoryData<HttpTransportType, string> TransportsAndProtocols() => HubFilterMatrixTests.TransportsAndProtocols();

    [Theory]
    [MemberData(nameof(TransportsAndProtocols))]
    public async Task Subscribe_SummaryBesideFull_SameSpansWithSummaryFieldsOnlyLiveAndOnResume(HttpTransportType transport, string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        // Stored before anyone subscribes: reached only by the resume below.
        var earlier = Chats("a", 3);
        await host.IngestAsync(earlier);

        await using var connection = host.CreateHubConnection(transport, protocol);
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        var summaryKey = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { ServiceName = "a", View = "summary" }, (long?)null).WithTimeout();
        var fullKey = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { ServiceName = "a", View = "full" }, (long?)null).WithTimeout();
        var resumedKey = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { View = "summary" }, (long?)0).WithTimeout();
        Assert.Equal("serviceName=a&view=summary", summaryKey);
        Assert.Equal("serviceName=a", fullKey);
        Assert.Equal("view=summary", resumedKey);

        await host.IngestAsync([.. Chats("a", 4), .. Chats("b", 2)]);
        var storedA = await host.StoredAsync(new SpanFilter { ServiceName = "a" });
        var live = storedA.Where(s => earlier.All(e => e.SpanId != s.SpanId)).ToList();
        var all = await host.StoredAsync();
        Assert.Equal(4, live.Count);
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(summaryKey) == 4 && recorder.Count(fullKey) == 4 && recorder.Count(resumedKey) == all.Count);

        AssertSummaries(live, Received(recorder, summaryKey));
        AssertSummaries(all, Received(recorder, resumedKey));
        // The full view of the same selection still carries everything.
        var full = Received(recorder, fullKey);
        Assert.Equal(live.Select(Json), full.Select(Json));
        Assert.All(full, s => Assert.NotEmpty(s.Attributes));
    }

    [Fact]
    public async Task Sse_ViewSummary_EventsCarryExactlyTheSummaryFieldsLiveAndAfterLastEventId()
    {
        await using var host = await QylTestHost.StartAsync();
        await host.IngestAsync(Chats("a", 2));
        var first = (await host.StoredAsync())[0].Seq;
        using var http = host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/spans/filter?serviceName=a&view=summary");
        request.Headers.Add("Last-Event-ID", first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new SseReader(await response.Content.ReadAsStreamAsync().WithTimeout());

        await host.IngestAsync([.. Chats("b", 1), .. Chats("a", 2)]);
        var expected = (await host.StoredAsync(new SpanFilter { ServiceName = "a" })).Skip(1).ToList();
        Assert.Equal(3, expected.Count);
        foreach (var span in expected)
        {
            var block = await reader.ReadEventAsync(Timeouts.Short);
            Assert.Equal(span.Seq, SseReader.IdOf(block));
            var data = block.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))[6..];
            using var json = JsonDocument.Parse(data);
            Assert.Equal(s_summaryFields, json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(s_genAiSummaryFields, json.RootElement.GetProperty("genAi").EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonSerializer.Serialize(SpanSummary.From(span), QylJsonContext.Default.SpanSummary), data);
        }
    }

    [Fact]
    public async Task Sse_UnfilteredSpansWithViewSummary_SendsSummaries()
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();
        using var response = await http.GetAsync(new Uri("/api/v1/events/spans?view=summary", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        var reader = new SseReader(await response.Content.ReadAsStreamAsync().WithTimeout());
        await host.IngestAsync(Chats("a", 1));
        var stored = Assert.Single(await host.StoredAsync());

        var block = await reader.ReadEventAsync(Timeouts.Short);

        Assert.Equal($"event: span\nid: {stored.Seq}\ndata: {JsonSerializer.Serialize(SpanSummary.From(stored), QylJsonContext.Default.SpanSummary)}\n\n", block);
    }

    [Theory]
    [InlineData("/api/v1/events/spans?view=compact", "view must be 'full' or 'summary'; it is 'compact'.")]
    [InlineData("/api/v1/events/spans/filter?serviceName=a&view=Summary", "view must be 'full' or 'summary'; it is 'Summary'.")]
    [InlineData("/api/v1/events/logs?view=summary", "view=summary applies to span subscriptions; log records have one view.")]
    [InlineData("/api/v1/events/logs/filter?view=summary", "view=summary applies to span subscriptions; log records have one view.")]
    public async Task Sse_BadView_400WithTheReason(string path, string detail)
    {
        await using var host = await QylTestHost.StartAsync();
        using var http = host.CreateHttpClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Subscribe_BadView_HubErrorWithTheReasonAndConnectionKeepsWorking()
    {
        await using var host = await QylTestHost.StartAsync();
        await using var connection = host.CreateHubConnection();
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();

        var unknown = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { View = "compact" }, (long?)null).WithTimeout());
        var logs = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), new SpanFilter { View = "summary" }, (long?)null).WithTimeout());
        Assert.Contains("view must be 'full' or 'summary'; it is 'compact'.", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("view=summary applies to span subscriptions", logs.Message, StringComparison.Ordinal);

        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { View = "summary" }, (long?)null).WithTimeout();
        await host.IngestAsync(Chats("a", 1));
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(key) == 1);
    }

    [Fact]
    public void CanonicalKey_View_SummaryLastFullSameAsUnset()
    {
        Assert.Equal("view=summary", new SpanFilter { View = "summary" }.CanonicalKey);
        Assert.Equal("serviceName=a%20b&genAiOnly=true&view=summary", new SpanFilter { ServiceName = "a b", GenAiOnly = true, View = "summary" }.CanonicalKey);
        Assert.Equal("serviceName=a%20b&genAiOnly=true", new SpanFilter { ServiceName = "a b", GenAiOnly = true, View = "summary" }.SelectionKey);
        Assert.Equal(SpanFilter.AllKey, new SpanFilter { View = "full" }.CanonicalKey);
        Assert.Equal(new SpanFilter().Normalize(), new SpanFilter { View = "full" }.Normalize());
        Assert.Equal("serviceName=a%20b&genAiOnly=true", SpanFilter.SelectionKeyOf("serviceName=a%20b&genAiOnly=true&view=summary", out var summary));
        Assert.True(summary);
        Assert.Equal(SpanFilter.AllKey, SpanFilter.SelectionKeyOf("view=summary", out summary));
        Assert.True(summary);
        Assert.Equal("serviceName=a", SpanFilter.SelectionKeyOf("serviceName=a", out summary));
        Assert.False(summary);
    }

    // Each received summary has the summary fields of the stored span and nothing else of it.
    internal static void AssertSummaries(IReadOnlyList<SpanRecord> stored, IReadOnlyList<SpanRecord> received)
    {
        Assert.Equal(stored.Select(s => s.Seq), received.Select(s => s.Seq));
        for (var i = 0; i < stored.Count; i++)
        {
            var (full, summary) = (stored[i], received[i]);
            Assert.NotEmpty(full.Attributes);
            Assert.NotEmpty(full.ResourceAttributes);
            Assert.NotNull(full.GenAi?.ProviderName);
            Assert.NotNull(full.GenAi!.CostUsd);
            Assert.Equal(SpanSummary.From(full), SpanSummary.From(summary));
            Assert.Empty(summary.Attributes);
            Assert.Empty(summary.ResourceAttributes);
            Assert.Empty(summary.Events);
            Assert.Null(summary.StatusMessage);
            Assert.Null(summary.ScopeName);
            Assert.Equal(new GenAiInfo
            {
                OperationName = full.GenAi.OperationName,
                RequestModel = full.GenAi.RequestModel,
                InputTokens = full.GenAi.InputTokens,
                OutputTokens = full.GenAi.OutputTokens,
                CostUsd = full.GenAi.CostUsd,
            }, summary.GenAi);
            // What a reader of full records makes of a summary, exactly.
            Assert.Equal(Json(SpanSummary.From(full).ToRecord()), Json(summary));
        }
    }

    private static string Json(SpanRecord span) => JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord);

    private static List<SpanRecord> Received(HubRecorder recorder, string key) =>
        [.. recorder.Events.OfType<SpanBatch>().Where(b => b.Key == key).SelectMany(b => b.Spans)];

    internal static List<SpanRecord> Chats(string service, int count)
    {
        var trace = TestSpans.NewTraceId();
        // A cost of its own on each (the test host stores what it is given, unpriced).
        return [.. Enumerable.Range(0, count).Select(i => TestSpans.Chat(service, trace, "s1", null, i) is var chat
            ? chat with { GenAi = chat.GenAi! with { CostUsd = 0.0001 * (i + 1) } }
            : null!)];
    }
}
