using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Client;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

/// <summary><c>qyl tail --logs</c> and <c>--all</c> as child processes against the scripted hub speaking the contract's SubscribeLogs/Logs.</summary>
public sealed class CliLogsProcessTests
{
    private static SpanRecord Span(long seq) => TestSpans.Create(serviceName: "agent") with { Seq = seq };

    private static LogRecord Log(long seq, string body) => TestLogs.Create("agent", body: body) with { Seq = seq, SeverityText = "Information", TimeUnixNano = 1_700_000_000_123_000_000 };

    [Fact]
    public async Task TailLogs_ServiceFilter_OneTextLinePerRecordAndNoSpans()
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var cli = CliProcess.Start("tail", "--url", hub.Url.ToString(), "--service", "agent", "--logs");
        var (key, _) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout(Timeouts.Long);
        Assert.Equal("logs:serviceName=agent", key);
        await cli.WaitForStderrAsync("following log records where serviceName=agent");

        await hub.SendAsync("serviceName=agent", Span(1));
        await hub.SendLogsAsync("serviceName=agent", Log(2, "tool search returned 3 results"), Log(3, "done") with { EventName = "gen_ai.choice", SeverityNumber = 17, SeverityText = null });

        Assert.EndsWith(" agent -/- Information tool search returned 3 results", await cli.ReadLineAsync(), StringComparison.Ordinal);
        Assert.EndsWith(" agent -/- ERROR gen_ai.choice done", await cli.ReadLineAsync(), StringComparison.Ordinal);
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.Empty(cli.DrainStdout());
    }

    [Fact]
    public async Task TailAllJson_SpansAndLogsSentOutOfStep_OneStreamInSeqOrderFromOneCursor()
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var cli = CliProcess.Start("tail", "--url", hub.Url.ToString(), "--all", "--json", "--since-seq", "100", "--settle-ms", "3000");
        var subscribes = new[]
        {
            await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout(Timeouts.Long),
            await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout(Timeouts.Long),
        };
        Assert.Equal([("*", 100L), ("logs:*", 100L)], subscribes.OrderBy(s => s.Key.Length).Select(s => (s.Key, s.ResumeAfterSeq ?? -1)));
        await cli.WaitForStderrAsync("following every span and log record");

        // Logs 102-103 reach the client before span 101, which then arrives with 104. A generous settle
        // time keeps the order a matter of the merge rule, not of how fast this machine is.
        await hub.SendLogsAsync(SpanFilter.AllKey, Log(102, "a"), Log(103, "b"));
        await hub.SendAsync(SpanFilter.AllKey, Span(101), Span(104));
        await hub.SendLogsAsync(SpanFilter.AllKey, Log(105, "c"));

        var lines = new List<(long Seq, bool IsLog)>();
        for (var i = 0; i < 5; i++)
        {
            using var doc = JsonDocument.Parse(await cli.ReadLineAsync());
            lines.Add((doc.RootElement.GetProperty("seq").GetInt64(), doc.RootElement.TryGetProperty("severityNumber", out _)));
        }
        Assert.Equal([(101L, false), (102, true), (103, true), (104, false), (105, true)], lines);
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
    }
}
