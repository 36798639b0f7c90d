using Qyl.Cli.Tail;
using Qyl.Client;
using Qyl.Contracts;
using Qyl.Tests.Cli;
using Qyl.Tests.Client;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.ScaleOut;

/// <summary>A span relayed to another instance (MessagePack over Redis) reaches its clients as the query API's record, every attribute value kind included.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutRecordTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(QylProtocol.Json)]
    [InlineData(QylProtocol.MessagePack)]
    public async Task Relay_EveryAttributeValueKind_ClientOnOtherInstanceGetsTheQueryApiRecord(QylProtocol protocol)
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres);
        await using var client = new QylClient(new QylClientOptions { BaseUrl = cluster.B.HttpUri, Protocol = protocol });
        var traceId = ReceivedRecordTests.NewTraceId();
        // Resuming from the store's position: the span comes over the relay when the subscription is
        // in place first, else from the store's replay; either way it must be the same record.
        await using var collector = new SpanCollector(client, new SpanFilter { TraceId = traceId }, await QylClientRealHubTests.CursorAsync(cluster.B));

        var expected = await ReceivedRecordTests.IngestAndReadBackAsync(cluster.A, cluster.B, traceId);

        var span = Assert.Single(await collector.TakeAsync(1, Timeouts.Long));
        Assert.Equal(expected, SpanLineFormatter.ToJson(span));
        ReceivedRecordTests.AssertAttributeValueTypes(span);
    }

    [Theory]
    [InlineData(QylProtocol.Json)]
    [InlineData(QylProtocol.MessagePack)]
    public async Task Relay_SummaryView_ClientOnOtherInstanceGetsSummariesOfSpansIngestedOnTheFirst(QylProtocol protocol)
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres);
        await using var client = new QylClient(new QylClientOptions { BaseUrl = cluster.B.HttpUri, Protocol = protocol });
        var service = "relay-summary-" + Guid.NewGuid().ToString("N")[..8];
        var filter = new SpanFilter { ServiceName = service, View = SpanFilter.SummaryView };
        await using var collector = new SpanCollector(client, filter, await QylClientRealHubTests.CursorAsync(cluster.B));

        // The first spans may come from B's replay; once they are in, the subscription is live on B,
        // so the second ones can only come over the relay from A.
        await cluster.A.IngestAsync(Hub.HubSummaryViewTests.Chats(service, 2));
        var received = await collector.TakeAsync(2, Timeouts.Long);
        await cluster.A.IngestAsync(Hub.HubSummaryViewTests.Chats(service, 3));
        received.AddRange(await collector.TakeAsync(3, Timeouts.Long));

        Hub.HubSummaryViewTests.AssertSummaries(await cluster.B.StoredAsync(new SpanFilter { ServiceName = service }), received);
    }
}
