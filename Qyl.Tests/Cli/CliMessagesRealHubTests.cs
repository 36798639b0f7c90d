using Qyl.Tests.Client;
using Qyl.Tests.Conversations;
using Qyl.Tests.Otlp;
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

    [Fact]
    public async Task TailMessages_OlderConventionLogRecords_PrintedUnderOneHeaderHistoryOnce()
    {
        await using var host = await QylTestHost.StartAsync();
        var cursor = await QylClientRealHubTests.CursorAsync(host);
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--messages", "--connect-timeout", "60",
            "--since-seq", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cli.WaitForStderrAsync("following");

        var traceId = TestSpans.NewTraceId();
        const string Call1 = "00f067aa0ba90301";
        const string Call2 = "00f067aa0ba90302";
        var logs = OtlpConventionPayloadTests.Logs(
        [
            OtlpConventionPayloadTests.LogRecord(traceId, Call1, 1, "gen_ai.user.message", OtlpConventionPayloadTests.Map(("content", "hi"))),
            OtlpConventionPayloadTests.LogRecord(traceId, Call1, 2, "gen_ai.choice", OtlpConventionPayloadTests.Map(("finish_reason", "stop"), ("message", OtlpConventionPayloadTests.Map(("content", "hello"))))),
            // The second call re-sends the history as records of its own.
            OtlpConventionPayloadTests.LogRecord(traceId, Call2, 3, "gen_ai.user.message", OtlpConventionPayloadTests.Map(("content", "hi"))),
            OtlpConventionPayloadTests.LogRecord(traceId, Call2, 4, "gen_ai.assistant.message", OtlpConventionPayloadTests.Map(("content", "hello"))),
            OtlpConventionPayloadTests.LogRecord(traceId, Call2, 5, "gen_ai.user.message", OtlpConventionPayloadTests.Map(("content", "bye"))),
            OtlpConventionPayloadTests.LogRecord(traceId, Call2, 6, null, OtlpConventionPayloadTests.Map(("content", "not a message"))),
        ]);
        using var otlp = host.CreateOtlpHttpClient();
        using (var content = new StringContent(logs.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))
        using (var response = await otlp.PostAsync(new Uri("/v1/logs", UriKind.Relative), content).WithTimeout())
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        string[] expected =
        [
            $"── legacy-agent · {traceId[..8]}/{Call1[..8]}",
            "user      hi",
            "assistant hello",
            $"── legacy-agent · {traceId[..8]}/{Call2[..8]}",
            "user      bye",
        ];
        var lines = new List<string>();
        foreach (var _ in expected)
        {
            lines.Add(await cli.ReadLineAsync());
        }
        Assert.Equal(expected, lines);
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.Empty(cli.DrainStdout());
    }
}
