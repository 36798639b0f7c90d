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
}
