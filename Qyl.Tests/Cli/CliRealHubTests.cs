using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Client;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

/// <summary><c>qyl tail</c> and <c>qyl demo</c> as child processes against the real hub.</summary>
public sealed class CliRealHubTests
{
    [Fact]
    public async Task TailJson_SessionFilterOnRealHub_PrintsExactlyThatSessionsSpans()
    {
        await using var host = await QylTestHost.StartAsync();
        var cursor = await QylClientRealHubTests.CursorAsync(host);
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--session", "sess-1", "--json",
            "--since-seq", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cli.WaitForStderrAsync("following");

        var wanted = new[] { TestSpans.Create("a", sessionId: "sess-1"), TestSpans.Create("b", sessionId: "sess-1", genAi: true) };
        await host.IngestAsync(TestSpans.Create("a", sessionId: "sess-2"), wanted[0], TestSpans.Create("a"), wanted[1]);

        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var doc = JsonDocument.Parse(await cli.ReadLineAsync());
            Assert.Equal("sess-1", doc.RootElement.GetProperty("sessionId").GetString());
            ids.Add(doc.RootElement.GetProperty("spanId").GetString()!);
        }
        Assert.Equal(wanted.Select(s => s.SpanId), ids);
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.Empty(cli.DrainStdout());
    }

    [Fact]
    public async Task TailPlain_InProgressThenFinished_PrintsStartLineThenEndLine()
    {
        await using var host = await QylTestHost.StartAsync();
        var cursor = await QylClientRealHubTests.CursorAsync(host);
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--session", "sess-long",
            "--since-seq", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cli.WaitForStderrAsync("following");

        var finished = TestSpans.Create("agent", sessionId: "sess-long", name: "chat long") with { DurationMs = 1500, Status = SpanStatuses.Ok };
        await host.IngestAsync(finished with { InProgress = true, EndTimeUnixNano = null, DurationMs = null });
        var start = await cli.ReadLineAsync();
        await host.IngestAsync(finished);
        var end = await cli.ReadLineAsync();

        var ids = $"{finished.TraceId[..8]}/{finished.SpanId[..8]}";
        Assert.EndsWith($" agent {ids} chat long started", start, StringComparison.Ordinal);
        Assert.EndsWith($" agent {ids} chat long 1.50s ok", end, StringComparison.Ordinal);
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
    }
}
