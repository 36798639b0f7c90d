using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

public sealed class HubResumeTests
{
    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task Subscribe_ResumeAfterLastSeenWithConcurrentIngest_ReceivesMissedThenLiveWithoutGapOrDuplicate(string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        var filters = new[] { SpanFilter.All, new SpanFilter { ServiceName = "a" } };

        long lastSeen;
        await using (var first = host.CreateHubConnection(HttpTransportType.WebSockets, protocol))
        {
            var recorder = new HubRecorder(first);
            await first.StartAsync().WithTimeout();
            foreach (var filter in filters)
            {
                await first.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null).WithTimeout();
            }
            await host.IngestAsync(Spans(20));
            await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) == 20);
            lastSeen = recorder.Seqs(SpanFilter.AllKey)[^1];
            await first.StopAsync().WithTimeout();
        }

        // Missed while away.
        await host.IngestAsync(Spans(30));
        await host.IngestAsync(Spans(30));

        await using var second = host.CreateHubConnection(HttpTransportType.WebSockets, protocol);
        var resumed = new HubRecorder(second);
        await second.StartAsync().WithTimeout();
        // Ingest keeps going while the resume replays.
        var concurrent = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await host.IngestAsync(Spans(5));
                await Task.Delay(2);
            }
        });
        foreach (var filter in filters)
        {
            await second.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)lastSeen).WithTimeout();
        }
        await concurrent.WithTimeout(Timeouts.Long);
        await host.IngestAsync(Spans(2));

        foreach (var filter in filters)
        {
            var expected = (await host.StoredAsync(filter, lastSeen)).Select(s => s.Seq).ToList();
            Assert.True(expected.Count >= 100);
            await LiveTestExtensions.WaitUntilAsync(() => resumed.Count(filter.CanonicalKey) >= expected.Count, because: filter.CanonicalKey);
            Assert.Equal(expected, resumed.Seqs(filter.CanonicalKey));
        }
        Assert.Empty(resumed.Events.OfType<DroppedNotice>());
    }

    [Fact]
    public async Task Subscribe_ResumeBeforeRetainedRange_SendsDroppedFirstThenStoredSpans()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Storage:MaxSpans"] = "50" });
        for (var i = 0; i < 4; i++)
        {
            await host.IngestAsync(Spans(50));
        }
        var retainedAfter = await host.Services.GetRequiredService<ISpanStore>().GetRetainedAfterSeqAsync(CancellationToken.None);
        var resumeAfter = retainedAfter - 120;

        await using var connection = host.CreateHubConnection();
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)resumeAfter).WithTimeout();
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(key) == 50);

        var notice = Assert.IsType<DroppedNotice>(recorder.Events[0]);
        Assert.Equal(new DroppedNotice { Key = key, FromSeq = resumeAfter + 1, ToSeq = retainedAfter, Count = 0 }, notice);
        Assert.Equal((await host.StoredAsync()).Select(s => s.Seq), recorder.Seqs(key));
    }

    [Fact]
    public async Task Subscribe_SameKeyTwiceThenUnsubscribe_DeliversOnceThenStops()
    {
        await using var host = await QylTestHost.StartAsync();
        await using var connection = host.CreateHubConnection();
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        var filter = new SpanFilter { ServiceName = "a" };
        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null).WithTimeout();
        Assert.Equal(key, await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter with { SessionId = "" }, (long?)null).WithTimeout());
        await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)null).WithTimeout();

        await host.IngestAsync(Spans(10));
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) == 10);
        Assert.Equal(5, recorder.Count(key));

        await connection.InvokeAsync(nameof(ITelemetryHub.Unsubscribe), key).WithTimeout();
        await host.IngestAsync(Spans(10));
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) == 20);
        Assert.Equal(5, recorder.Count(key));
    }

    private static List<SpanRecord> Spans(int count) =>
        [.. Enumerable.Range(0, count).Select(i => TestSpans.Create(i % 2 == 0 ? "a" : "b"))];
}
