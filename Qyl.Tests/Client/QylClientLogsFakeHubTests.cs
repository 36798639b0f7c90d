using Qyl.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Client;

/// <summary>QylClient.SubscribeLogsAsync against the scripted hub over real SignalR: the contract's SubscribeLogs/Logs, de-duplication, resume, backfill.</summary>
public sealed class QylClientLogsFakeHubTests
{
    private static readonly TimeSpan[] s_fastRetries = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)];

    private static LogRecord Log(long seq, string service = "svc") => TestLogs.Create(service, body: $"seq {seq}") with { Seq = seq };

    [Theory]
    [InlineData(QylProtocol.Json)]
    [InlineData(QylProtocol.MessagePack)]
    public async Task SubscribeLogsAsync_BatchesDuplicatesReconnectAndDropped_EachSeqOnceInOrder(QylProtocol protocol)
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var client = new QylClient(new QylClientOptions { BaseUrl = hub.Url, Protocol = protocol, ReconnectDelays = s_fastRetries });
        var filter = new SpanFilter { ServiceName = "svc" };
        using var cts = new CancellationTokenSource(Timeouts.Long);
        var received = new List<LogRecord>();
        var consumer = Task.Run(async () =>
        {
            await foreach (var log in client.SubscribeLogsAsync(filter, resumeAfterSeq: 10, cts.Token))
            {
                lock (received)
                {
                    received.Add(log);
                }
            }
        });

        var (key, resume) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout();
        Assert.Equal("logs:" + filter.CanonicalKey, key);
        Assert.Equal(10, resume);
        await hub.SendLogsAsync(filter.CanonicalKey, Log(9), Log(11), Log(12));
        await hub.SendLogsAsync(filter.CanonicalKey, Log(12), Log(13));
        await LiveTestExtensions.WaitUntilAsync(() => { lock (received) { return received.Count == 3; } });

        await client.SimulateDisconnectAsync().WithTimeout();
        var (_, resumeAfterReconnect) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout();
        Assert.Equal(13, resumeAfterReconnect);

        // Records 14-16 were dropped for this client; 14 and 16 are still stored.
        hub.State.StoredLogs.AddRange([Log(14), Log(16)]);
        await hub.SendDroppedAsync(new DroppedNotice { Key = key, FromSeq = 14, ToSeq = 16, Count = 3 });
        await hub.SendLogsAsync(filter.CanonicalKey, Log(16), Log(17));
        await LiveTestExtensions.WaitUntilAsync(() => { lock (received) { return received.Count == 6; } });
        await cts.CancelAsync();
        await consumer.WithTimeout();

        Assert.Equal([11L, 12, 13, 14, 16, 17], received.Select(l => l.Seq));
        Assert.Equal("seq 14", received[3].Body);
    }
}
