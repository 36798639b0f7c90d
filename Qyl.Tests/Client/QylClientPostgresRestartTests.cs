using System.Globalization;
using Qyl.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Client;

/// <summary>The durable promise: with PostgreSQL, a client misses nothing stored while its hub was down.</summary>
[Collection(PostgresCollection.Name)]
public sealed class QylClientPostgresRestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task SubscribeAsync_SpansStoredWhileHubDown_DeliveredOnceAfterRestartWithoutDropped()
    {
        var database = await postgres.CreateDatabaseAsync();
        Dictionary<string, string?> Settings(int port = 0) => new()
        {
            ["ConnectionStrings:Postgres"] = database,
            ["Qyl:Storage:RetentionHours"] = "87600", // test spans start in 2023
            ["Qyl:HttpPort"] = port.ToString(CultureInfo.InvariantCulture),
        };

        var first = await QylTestHost.StartAsync(Settings());
        var port = first.HttpUri.Port;
        await using var client = new QylClient(new QylClientOptions
        {
            BaseUrl = first.HttpUri,
            ReconnectDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250)],
        });
        var notices = new List<DroppedNotice>();
        client.Dropped += (_, n) => { lock (notices) { notices.Add(n); } };
        await using var collector = new SpanCollector(client, SpanFilter.All, await QylClientRealHubTests.CursorAsync(first));

        var a = Enumerable.Range(0, 3).Select(_ => TestSpans.Create("durable")).ToArray();
        await first.IngestAsync(a);
        var received = await collector.TakeAsync(3);
        await first.DisposeAsync();

        // While the client's hub is down, another instance on the same database stores more spans.
        var b = Enumerable.Range(0, 3).Select(_ => TestSpans.Create("durable")).ToArray();
        await using (var other = await QylTestHost.StartAsync(Settings()))
        {
            await other.IngestAsync(b);
        }

        await using var restarted = await QylTestHost.StartAsync(Settings(port));
        received.AddRange(await collector.TakeAsync(3, Timeouts.Long));
        var c = Enumerable.Range(0, 2).Select(_ => TestSpans.Create("durable")).ToArray();
        await restarted.IngestAsync(c);
        received.AddRange(await collector.TakeAsync(2));

        Assert.Equal(a.Concat(b).Concat(c).Select(s => s.SpanId), received.Select(s => s.SpanId));
        await collector.AssertNothingMoreAsync(TimeSpan.FromMilliseconds(300));
        lock (notices)
        {
            Assert.Empty(notices);
        }
    }
}
