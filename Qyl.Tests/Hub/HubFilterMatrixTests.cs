using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

public sealed class HubFilterMatrixTests
{
    public static TheoryData<HttpTransportType, string> TransportsAndProtocols()
    {
        var data = new TheoryData<HttpTransportType, string>();
        foreach (var transport in new[] { HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling })
        {
            data.Add(transport, "json");
            // SignalR's SSE transport is text-only: binary protocols (MessagePack) cannot use it at all.
            if (transport != HttpTransportType.ServerSentEvents)
            {
                data.Add(transport, "messagepack");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TransportsAndProtocols))]
    public async Task Subscribe_EveryFilterShape_ReceivesExactlyMatchingSpansOnceInSeqOrder(HttpTransportType transport, string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        await using var connection = host.CreateHubConnection(transport, protocol);
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();

        string t1 = TestSpans.NewTraceId(), t2 = TestSpans.NewTraceId();
        // The 16 shapes: each of service, session, trace, genAi fixed (to a, s1, t1, true) or open.
        var filters = Enumerable.Range(0, 16).Select(mask => new SpanFilter
        {
            ServiceName = (mask & 1) != 0 ? "a" : null,
            SessionId = (mask & 2) != 0 ? "s1" : null,
            TraceId = (mask & 4) != 0 ? t1 : null,
            GenAiOnly = (mask & 8) != 0 ? true : null,
        }).ToList();
        var keys = new List<string>();
        foreach (var filter in filters)
        {
            keys.Add(await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null).WithTimeout());
        }
        Assert.Equal(filters.Select(f => f.CanonicalKey), keys);
        Assert.Equal(16, keys.Distinct().Count());

        var spans = new List<SpanRecord>();
        foreach (var service in new[] { "a", "b" })
        {
            foreach (var session in new[] { "s1", "s2", null })
            {
                foreach (var trace in new[] { t1, t2 })
                {
                    foreach (var genAi in new[] { true, false })
                    {
                        spans.Add(TestSpans.Create(service, session, trace, genAi));
                    }
                }
            }
        }
        await host.IngestAsync(spans[..10]);
        await host.IngestAsync(spans[10..]);
        // A last span matching every filter: once each key has it, everything before it has arrived.
        await host.IngestAsync([TestSpans.Create("a", "s1", t1, genAi: true)]);
        var sentinel = (await host.StoredAsync())[^1].Seq;
        await LiveTestExtensions.WaitUntilAsync(() => keys.All(k => recorder.Seqs(k).Contains(sentinel)), because: "the sentinel on every key");

        foreach (var (filter, key) in filters.Zip(keys))
        {
            var expected = (await host.StoredAsync(filter)).Select(s => s.Seq).ToList();
            Assert.Equal(expected, recorder.Seqs(key));
        }
        Assert.Empty(recorder.Events.OfType<DroppedNotice>());
    }
}
