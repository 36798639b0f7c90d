using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Hub.Streaming;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;
using Xunit.Abstractions;

namespace Qyl.Tests.Mcp;

/// <summary>
/// <c>wait_for_spans</c> on the live path: it returns when a span is sent while it waits, its subscription
/// ends when the client goes away, and many waiters share the fan-out. The time from a span's export to the
/// wait's answer is written to the test log (measured, not asserted).
/// </summary>
public sealed class McpWaitTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(McpTestClients.Http)]
    [InlineData(McpTestClients.Stdio)]
    public async Task WaitForSpans_SpanSentWhileWaiting_ReturnsItWithTheNextCursor(string transport)
    {
        await using var host = await QylTestHost.StartAsync();
        using var run = new AgentRun(host, "watched-agent");
        var before = Assert.Single(await host.WaitForTraceAsync(run.Span("setup"), 1));
        await using var client = await McpTestClients.ConnectAsync(host, transport);
        var fanout = host.Services.GetRequiredService<SpanFanout>();

        var samples = new List<(double FromExportStartMs, double FromExportEndMs)>();
        var cursor = before.Seq;
        for (var round = 0; round < 5; round++)
        {
            var wait = client.CallJsonAsync("wait_for_spans", new() { ["serviceName"] = "watched-agent", ["afterSeq"] = cursor, ["timeoutSeconds"] = 30 });
            // The waiter is subscribed once its outbox is open in the fan-out (stdio: once the CLI's SSE stream is).
            await LiveTestExtensions.WaitUntilAsync(() => WaiterCount(fanout, transport) == 1, because: "the wait to subscribe");
            Assert.False(wait.IsCompleted);

            var exportStart = Stopwatch.GetTimestamp();
            var traceId = run.Span($"step {round}");
            var exportEnd = Stopwatch.GetTimestamp();
            var result = await wait;
            var answered = Stopwatch.GetTimestamp();

            var span = Assert.Single(result.GetProperty("spans").EnumerateArray());
            Assert.Equal((traceId, $"step {round}"), (span.GetProperty("traceId").GetString(), span.GetProperty("name").GetString()));
            Assert.False(result.GetProperty("timedOut").GetBoolean());
            var seq = span.GetProperty("seq").GetInt64();
            Assert.True(seq > cursor);
            Assert.Equal(seq, result.GetProperty("nextAfterSeq").GetInt64());
            cursor = seq;
            samples.Add((Stopwatch.GetElapsedTime(exportStart, answered).TotalMilliseconds, Stopwatch.GetElapsedTime(exportEnd, answered).TotalMilliseconds));
            await LiveTestExtensions.WaitUntilAsync(() => WaiterCount(fanout, transport) == 0, because: "the wait to leave the fan-out");
        }
        output.WriteLine($"wait_for_spans over {transport}: answer after the span's OTLP export started / returned, per round (ms): "
            + string.Join("; ", samples.Select(s => $"{s.FromExportStartMs:F1} / {s.FromExportEndMs:F1}")));
    }

    [Fact]
    public async Task WaitForSpans_WithoutCursor_WaitsForTheNextNewSpanOnly()
    {
        await using var host = await QylTestHost.StartAsync();
        using var run = new AgentRun(host, "live-agent");
        await host.WaitForTraceAsync(run.Span("old"), 1);
        await using var client = await McpTestClients.ConnectAsync(host, McpTestClients.Http);
        var fanout = host.Services.GetRequiredService<SpanFanout>();

        var wait = client.CallJsonAsync("wait_for_spans", new() { ["serviceName"] = "live-agent", ["timeoutSeconds"] = 30 });
        await LiveTestExtensions.WaitUntilAsync(() => WaiterCount(fanout, McpTestClients.Http) == 1, because: "the wait to subscribe");
        run.Span("new");
        var result = await wait;

        Assert.Equal("new", Assert.Single(result.GetProperty("spans").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task WaitForSpans_ClientGivesUp_SubscriptionLeavesTheFanout()
    {
        await using var host = await QylTestHost.StartAsync();
        await using var client = await McpTestClients.ConnectAsync(host, McpTestClients.Http);
        var fanout = host.Services.GetRequiredService<SpanFanout>();
        using var cancel = new CancellationTokenSource();

        var wait = client.CallAsync("wait_for_spans", new() { ["serviceName"] = "nobody", ["timeoutSeconds"] = 60 }, cancellationToken: cancel.Token);
        await LiveTestExtensions.WaitUntilAsync(() => WaiterCount(fanout, McpTestClients.Http) == 1, because: "the wait to subscribe");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait).WithTimeout();
        // Ended by the request going away, not by its 60 s timeout.
        await LiveTestExtensions.WaitUntilAsync(() => WaiterCount(fanout, McpTestClients.Http) == 0, because: "the abandoned wait to end");
    }

    [Fact]
    public async Task WaitForSpans_HubStopping_WaitEndsEmptyInsteadOfHoldingTheShutdown()
    {
        var host = await QylTestHost.StartAsync();
        await using (host)
        {
            var stored = TestSpans.Create(serviceName: "other");
            await host.IngestAsync(stored);
            var cursor = Assert.Single(await host.StoredAsync()).Seq;
            await using var client = await McpTestClients.ConnectAsync(host, McpTestClients.Http);
            var fanout = host.Services.GetRequiredService<SpanFanout>();
            var wait = client.CallJsonAsync("wait_for_spans", new() { ["serviceName"] = "nobody", ["afterSeq"] = cursor, ["timeoutSeconds"] = 60 });
            await LiveTestExtensions.WaitUntilAsync(() => WaiterCount(fanout, McpTestClients.Http) == 1, because: "the wait to subscribe");

            var stopping = host.StopAsync();
            var result = await wait.WithTimeout();
            await stopping.WithTimeout();

            Assert.True(result.GetProperty("timedOut").GetBoolean());
            Assert.Equal(0, result.GetProperty("spans").GetArrayLength());
            Assert.Equal(cursor, result.GetProperty("nextAfterSeq").GetInt64());
        }
    }

    [Fact]
    public async Task WaitForSpans_CursorOlderThanTheStore_ReportsTheGapWithTheSpansAfterIt()
    {
        await using var host = await QylTestHost.StartAsync();
        await host.IngestAsync(TestSpans.Create(serviceName: "gap-agent", name: "after the gap"));
        await using var client = await McpTestClients.ConnectAsync(host, McpTestClients.Http);

        // Seq 5 is older than anything this embedded store issued (its seqs start from the clock).
        var result = await client.CallJsonAsync("wait_for_spans", new() { ["serviceName"] = "gap-agent", ["afterSeq"] = 5, ["timeoutSeconds"] = 30 });

        var span = Assert.Single(result.GetProperty("spans").EnumerateArray());
        Assert.Equal("after the gap", span.GetProperty("name").GetString());
        var dropped = result.GetProperty("dropped");
        Assert.Equal(6, dropped.GetProperty("fromSeq").GetInt64());
        Assert.True(dropped.GetProperty("toSeq").GetInt64() < span.GetProperty("seq").GetInt64());
        Assert.Contains(result.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("no longer stored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForSpans_ManyConcurrentWaiters_AllAnsweredByOneSpan()
    {
        const int Waiters = 50;
        await using var host = await QylTestHost.StartAsync();
        using var run = new AgentRun(host, "crowd-agent");
        var fanout = host.Services.GetRequiredService<SpanFanout>();
        var clients = new List<ModelContextProtocol.Client.McpClient>();
        try
        {
            for (var i = 0; i < Waiters; i++)
            {
                clients.Add(await McpTestClients.ConnectAsync(host, McpTestClients.Http));
            }
            var waits = clients.Select(c => c.CallJsonAsync("wait_for_spans", new() { ["serviceName"] = "crowd-agent", ["afterSeq"] = 0, ["timeoutSeconds"] = 30 })).ToList();
            await LiveTestExtensions.WaitUntilAsync(() => WaiterCount(fanout, McpTestClients.Http) == Waiters, Timeouts.Long, "every wait to subscribe");

            var traceId = run.Span("the one span");
            var results = await Task.WhenAll(waits).WithTimeout(Timeouts.Long);

            Assert.All(results, r => Assert.Equal(traceId, Assert.Single(r.GetProperty("spans").EnumerateArray()).GetProperty("traceId").GetString()));
            await LiveTestExtensions.WaitUntilAsync(() => WaiterCount(fanout, McpTestClients.Http) == 0, because: "every wait to leave the fan-out");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task WaitForSpans_ResultOverTheSizeBudget_StopsEarlyAndTheCursorPicksUpTheRest()
    {
        await using var host = await QylTestHost.StartAsync();
        // 60 spans of ~3 KB each in full view: more than the 80,000-character result budget.
        var spans = Enumerable.Range(0, 60).Select(i => TestSpans.Create(serviceName: "big-agent", name: $"big {i}") with
        {
            Attributes = new() { ["payload"] = new string('p', 1900) + i, ["other"] = new string('q', 1000) },
        }).ToArray();
        await host.IngestAsync(spans);
        await using var client = await McpTestClients.ConnectAsync(host, McpTestClients.Http);

        var seen = new List<string>();
        long cursor = 0;
        for (var call = 0; call < 5 && seen.Count < spans.Length; call++)
        {
            var result = await client.CallJsonAsync("search_spans", new() { ["serviceName"] = "big-agent", ["afterSeq"] = cursor, ["limit"] = 500, ["detail"] = "full" });
            Assert.True(JsonSerializer.Serialize(result).Length < 90_000);
            seen.AddRange(result.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
            cursor = result.GetProperty("nextAfterSeq").GetInt64();
            if (seen.Count < spans.Length)
            {
                Assert.True(result.GetProperty("more").GetBoolean());
                Assert.Contains(result.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("to keep the result under 80000 characters", StringComparison.Ordinal));
            }
        }
        Assert.Equal(spans.Select(s => s.Name), seen);
    }

    // Hub waits are outboxes named mcp:N; the CLI waits through the hub's SSE stream (sse:...).
    private static int WaiterCount(SpanFanout fanout, string transport) =>
        fanout.GetBacklogSpans().Keys.Count(k => k.StartsWith(transport == McpTestClients.Http ? "mcp:" : "sse:", StringComparison.Ordinal));
}
