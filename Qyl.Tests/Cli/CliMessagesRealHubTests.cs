using Qyl.Tests.Client;
using Qyl.Tests.Infrastructure;
using static Qyl.Tests.Cli.MessageTranscriptTests;

namespace Qyl.Tests.Cli;

/// <summary><c>qyl tail --messages</c> as a child process against the real hub.</summary>
public sealed class CliMessagesRealHubTests
{
    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task TailMessages_AgentTurnOnRealHub_PrintsTheTranscriptOnce(string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        var cursor = await QylClientRealHubTests.CursorAsync(host);
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--messages", "--protocol", protocol, "--connect-timeout", "60",
            "--since-seq", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cli.WaitForStderrAsync("following");

        var traceId = TestSpans.NewTraceId();
        var call1 = Chat(traceId, "sess-cli", 1, Input1, Output1);
        var tool = Tool(traceId, "sess-cli", 2);
        var call2 = Chat(traceId, "sess-cli", 3, Input2, Output2);
        // Spans reach the hub as they end, one export each; the root span carries no messages.
        await host.IngestAsync(call1);
        await host.IngestAsync(tool);
        await host.IngestAsync(call2);
        await host.IngestAsync(TestSpans.Create(traceId: traceId, sessionId: "sess-cli", name: "invoke_agent weather"));

        string[] expected =
        [
            $"── chat gpt-4o · session sess-cli · {traceId[..8]}/{call1.SpanId[..8]}",
            "system    You answer weather questions.",
            "user      Weather in Paris?",
            "assistant Let me check.",
            """          → get_weather({"city":"Paris","days":2}) [call_1]""",
            "          [tool_call]",
            $"── execute_tool get_weather · session sess-cli · {traceId[..8]}/{tool.SpanId[..8]}",
            "tool      ← [call_1] rainy, 57F",
            $"── chat gpt-4o · session sess-cli · {traceId[..8]}/{call2.SpanId[..8]}",
            "assistant Rainy.",
            "          Take an umbrella.",
        ];
        var lines = new List<string>();
        foreach (var _ in expected)
        {
            lines.Add(await cli.ReadLineAsync());
        }
        Assert.Equal(expected, lines);

        // A span replayed after a reconnect carries nothing new: nothing more is printed.
        await host.IngestAsync(call2 with { Seq = 0, SpanId = "00000000000000ff" });
        var marker = Chat(traceId, "sess-cli", 4, Input1, """[{"role":"assistant","parts":[{"type":"text","content":"marker"}]}]""");
        await host.IngestAsync(marker);
        Assert.Equal($"── chat gpt-4o · session sess-cli · {traceId[..8]}/{marker.SpanId[..8]}", await cli.ReadLineAsync());
        Assert.Equal("assistant marker", await cli.ReadLineAsync());

        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.Empty(cli.DrainStdout());
    }
}
