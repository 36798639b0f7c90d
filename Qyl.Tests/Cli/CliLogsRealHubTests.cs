using System.Globalization;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Client;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

/// <summary><c>qyl tail --logs</c> and <c>--all</c> as child processes against the real hub.</summary>
public sealed class CliLogsRealHubTests
{
    [Fact]
    public async Task TailAllJson_SpansAndLogsWrittenInTurn_PrintedInSeqOrderWithTheirFilter()
    {
        await using var host = await QylTestHost.StartAsync();
        var cursor = await QylClientRealHubTests.CursorAsync(host);
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--all", "--json", "--session", "cli-all",
            "--since-seq", cursor.ToString(CultureInfo.InvariantCulture), "--settle-ms", "3000");
        await cli.WaitForStderrAsync("following spans and log records where sessionId=cli-all");

        var span = TestSpans.Create("agent", sessionId: "cli-all");
        await host.IngestAsync(span, TestSpans.Create("agent", sessionId: "other"));
        await host.IngestLogsAsync(TestLogs.Create("agent", traceId: span.TraceId, spanId: span.SpanId, body: "from its span's session"), TestLogs.Create("agent", sessionId: "other"));
        await host.IngestAsync(TestSpans.Create("agent", sessionId: "cli-all"));
        await host.IngestLogsAsync(TestLogs.Create("agent", sessionId: "cli-all", body: "own session"));

        var lines = new List<(long Seq, string Kind)>();
        for (var i = 0; i < 4; i++)
        {
            using var doc = JsonDocument.Parse(await cli.ReadLineAsync());
            Assert.Equal("cli-all", doc.RootElement.GetProperty("sessionId").GetString());
            lines.Add((doc.RootElement.GetProperty("seq").GetInt64(), doc.RootElement.TryGetProperty("severityNumber", out _) ? "log" : "span"));
        }
        Assert.Equal(["span", "log", "span", "log"], lines.Select(l => l.Kind));
        Assert.Equal(lines.Select(l => l.Seq).Order(), lines.Select(l => l.Seq));
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.Empty(cli.DrainStdout());
    }

    [Fact]
    public async Task TailLogsGenAi_OtlpLogsOnRealHub_OnlyGenAiRecordsAsLines()
    {
        await using var host = await QylTestHost.StartAsync();
        // From the store's current position rather than live-only: no race with SubscribeLogs reaching the hub.
        var cursor = await QylClientRealHubTests.CursorAsync(host);
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--logs", "--genai", "--service", "cli-logs",
            "--since-seq", cursor.ToString(CultureInfo.InvariantCulture));
        await cli.WaitForStderrAsync("following log records where serviceName=cli-logs&genAiOnly=true");

        await host.IngestLogsAsync(
            TestLogs.Create("cli-logs", body: "plain"),
            TestLogs.Create("cli-logs", eventName: "gen_ai.user.message", body: "hello model") with { TimeUnixNano = 1_700_000_000_123_000_000 });

        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} cli-logs -/- Information gen_ai\.user\.message hello model$", await cli.ReadLineAsync());
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.Empty(cli.DrainStdout());
    }
}
