using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

/// <summary>Live log records through a real hub: SubscribeLogs / Logs on every transport and protocol, resume, Dropped.</summary>
public sealed class HubLogsTests
{
    public static TheoryData<HttpTransportType, string> Transports => new()
    {
        { HttpTransportType.WebSockets, "json" },
        { HttpTransportType.WebSockets, "messagepack" },
        { HttpTransportType.ServerSentEvents, "json" },
        { HttpTransportType.LongPolling, "json" },
        { HttpTransportType.LongPolling, "messagepack" },
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task SubscribeLogs_Filtered_ReceivesMatchingRecordsInSeqOrderAndNoSpans(HttpTransportType transport, string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        var service = Unique("logs");
        var filter = new SpanFilter { ServiceName = service };
        await using var connection = host.CreateHubConnection(transport, protocol);
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();

        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), filter, (long?)null).WithTimeout();
        var traceId = TestSpans.NewTraceId();
        await host.IngestAsync(TestSpans.Create(service, traceId: traceId));
        await host.IngestLogsAsync(
            TestLogs.Create(service, traceId: traceId, body: new Dictionary<string, object?> { ["text"] = "hi", ["n"] = 2L }),
            TestLogs.Create(Unique("other")),
            TestLogs.Create(service, eventName: "gen_ai.user.message"));
        await host.IngestLogsAsync(TestLogs.Create(service));

        var expected = await host.StoredLogsAsync(filter);
        Assert.Equal(TelemetryHubPaths.LogsKey(filter), key);
        Assert.Equal("logs:serviceName=" + service, key);
        await LiveTestExtensions.WaitUntilAsync(() => recorder.LogCount(key) >= expected.Count, because: "the service's log records");
        Assert.Equal(expected.Select(l => l.Seq), recorder.LogSeqs(key));
        var received = recorder.Events.OfType<LogBatch>().SelectMany(b => b.Logs).ToList();
        Assert.Equal(expected, received, Storage.LogComparer.Instance);
        Assert.Empty(recorder.Events.OfType<SpanBatch>());
    }

    [Fact]
    public async Task SubscribeLogs_AndSubscribeSameFilter_KeysDifferAndEachGetsItsOwnKind()
    {
        await using var host = await QylTestHost.StartAsync();
        var filter = new SpanFilter { ServiceName = Unique("both") };
        await using var connection = host.CreateHubConnection();
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        var spansKey = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null).WithTimeout();
        var logsKey = await connection.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), filter, (long?)null).WithTimeout();

        await host.IngestAsync(TestSpans.Create(filter.ServiceName!), TestSpans.Create(filter.ServiceName!));
        await host.IngestLogsAsync(TestLogs.Create(filter.ServiceName!));

        Assert.NotEqual(spansKey, logsKey);
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(spansKey) == 2 && recorder.LogCount(logsKey) == 1, because: "two spans and one log record");
        Assert.All(recorder.Events.OfType<SpanBatch>(), b => Assert.Equal(spansKey, b.Key));
        Assert.All(recorder.Events.OfType<LogBatch>(), b => Assert.Equal(logsKey, b.Key));

        await connection.InvokeAsync(nameof(ITelemetryHub.Unsubscribe), logsKey).WithTimeout();
        await host.IngestLogsAsync(TestLogs.Create(filter.ServiceName!));
        await host.IngestAsync(TestSpans.Create(filter.ServiceName!));
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(spansKey) == 3, because: "the span after unsubscribing logs");
        Assert.Equal(1, recorder.LogCount(logsKey));
    }

    [Fact]
    public async Task SubscribeLogs_GenAiOnly_KeepsRecordsWithGenAiEventNameOrAttributeKey()
    {
        await using var host = await QylTestHost.StartAsync();
        var service = Unique("genai");
        var filter = new SpanFilter { ServiceName = service, GenAiOnly = true };
        await using var connection = host.CreateHubConnection(HttpTransportType.WebSockets, "messagepack");
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), filter, (long?)null).WithTimeout();

        var byEvent = TestLogs.Create(service, eventName: "gen_ai.client.inference.operation.details");
        var byAttribute = TestLogs.Create(service) with { Attributes = new() { ["gen_ai.system"] = "openai" } };
        await host.IngestLogsAsync(TestLogs.Create(service), byEvent, TestLogs.Create(service, eventName: "app.started"), byAttribute);

        var expected = (await host.StoredLogsAsync(filter)).Select(l => l.Seq).ToList();
        Assert.Equal(2, expected.Count);
        await LiveTestExtensions.WaitUntilAsync(() => recorder.LogCount(key) >= 2, because: "the two GenAI records");
        await host.IngestLogsAsync(TestLogs.Create(service, eventName: "gen_ai.choice"));
        await LiveTestExtensions.WaitUntilAsync(() => recorder.LogCount(key) >= 3, because: "the third GenAI record");
        Assert.Equal([.. expected, (await host.StoredLogsAsync(filter)).Last().Seq], recorder.LogSeqs(key));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task SubscribeLogs_ResumeAfterSeq_StoredRecordsAfterItThenLiveWithNoGapOrDuplicate(string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        var filter = new SpanFilter { ServiceName = Unique("resume") };
        await host.IngestLogsAsync([.. Enumerable.Range(0, 5).Select(_ => TestLogs.Create(filter.ServiceName!))]);
        // Spans between the records: one cursor, and a log resume skips them.
        await host.IngestAsync(TestSpans.Create(filter.ServiceName!));
        await host.IngestLogsAsync([.. Enumerable.Range(0, 3).Select(_ => TestLogs.Create(filter.ServiceName!))]);
        var stored = await host.StoredLogsAsync(filter);
        var cursor = stored[1].Seq;

        await using var connection = host.CreateHubConnection(HttpTransportType.WebSockets, protocol);
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), filter, (long?)cursor).WithTimeout();
        await host.IngestLogsAsync(TestLogs.Create(filter.ServiceName!), TestLogs.Create(filter.ServiceName!));

        var expected = (await host.StoredLogsAsync(filter, cursor)).Select(l => l.Seq).ToList();
        Assert.Equal(8, expected.Count);
        await LiveTestExtensions.WaitUntilAsync(() => recorder.LogCount(key) >= expected.Count, because: "the replay and the live records");
        await Task.Delay(200);
        Assert.Equal(expected, recorder.LogSeqs(key));
    }

    [Fact]
    public async Task SubscribeLogs_SlowReader_GetsDroppedForWhatItMissedAndEverythingElseInOrder()
    {
        const int maxBacklog = 500;
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Qyl:Streaming:MaxBacklogSpansPerConnection"] = maxBacklog.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Qyl:Streaming:MaxBatchSpans"] = "100",
        });
        var service = Unique("slow");
        await using var connection = host.CreateHubConnection();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new List<long>();
        var dropped = new List<DroppedNotice>();
        // Handlers run one at a time in the connection's receive loop: a handler that waits stops
        // the client reading, so the server's socket fills and its outbox overflows.
        connection.On<LogBatch>(TelemetryHubPaths.LogsMethod, async b =>
        {
            await gate.Task;
            lock (received)
            {
                received.AddRange(b.Logs.Select(l => l.Seq));
            }
        });
        connection.On<DroppedNotice>(TelemetryHubPaths.DroppedMethod, n =>
        {
            lock (received)
            {
                dropped.Add(n);
            }
        });
        await connection.StartAsync().WithTimeout();
        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.SubscribeLogs), new SpanFilter { ServiceName = service }, (long?)null).WithTimeout();

        var body = new string('x', 2000);
        for (var i = 0; i < 40; i++)
        {
            await host.IngestLogsAsync([.. Enumerable.Range(0, 250).Select(_ => TestLogs.Create(service, body: body))]);
        }
        gate.SetResult();

        var all = (await host.StoredLogsAsync(new SpanFilter { ServiceName = service })).Select(l => l.Seq).ToList();
        Assert.Equal(10_000, all.Count);
        bool Covered()
        {
            lock (received)
            {
                return all.All(seq => received.Contains(seq) || dropped.Any(d => seq >= d.FromSeq && seq <= d.ToSeq));
            }
        }
        await LiveTestExtensions.WaitUntilAsync(Covered, Timeouts.Long, "every record received or reported dropped");
        lock (received)
        {
            Assert.NotEmpty(dropped);
            Assert.All(dropped, d => Assert.Equal(key, d.Key));
            Assert.Equal(received.Order(), received);
            Assert.Equal(received.Distinct().Count(), received.Count);
            Assert.DoesNotContain(received, seq => dropped.Any(d => seq >= d.FromSeq && seq <= d.ToSeq));
            Assert.Equal(all.Count - received.Count, dropped.Sum(d => d.Count));
        }
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
