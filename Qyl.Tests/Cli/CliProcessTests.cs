using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Client;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

/// <summary><c>qyl</c> as a child process, against a scripted hub and the real one.</summary>
public sealed class CliProcessTests
{
    private static SpanRecord Span(long seq, string service) => TestSpans.Create(serviceName: service) with { Seq = seq };

    [Fact]
    public async Task Tail_UnreachableHub_Exits2WithCannotReach()
    {
        int port;
        await using (var probe = await FakeHubHost.StartAsync())
        {
            port = probe.Url.Port;
        }
        await using var cli = CliProcess.Start("tail", "--url", $"http://127.0.0.1:{port}", "--connect-timeout", "1");
        Assert.Equal(2, await cli.WaitForExitAsync());
        Assert.Contains($"cannot reach qyl at http://127.0.0.1:{port}/", cli.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task TailJson_ServiceFilter_PrintsExactlyTheSubscribedSpansAndExitsZeroOnSignal(string signal)
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var cli = CliProcess.Start("tail", "--url", hub.Url.ToString(), "--service", "checkout", "--json");
        var (key, resume) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout(Timeouts.Long);
        Assert.Equal("serviceName=checkout", key);
        Assert.Null(resume);

        await hub.SendAsync(SpanFilter.AllKey, Span(1, "billing"));
        await hub.SendAsync(key, Span(2, "checkout"), Span(3, "checkout"));
        await hub.SendAsync(key, Span(3, "checkout"), Span(4, "checkout"));

        var seqs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            using var doc = JsonDocument.Parse(await cli.ReadLineAsync());
            Assert.Equal("checkout", doc.RootElement.GetProperty("serviceName").GetString());
            seqs.Add(doc.RootElement.GetProperty("seq").GetInt64());
        }
        Assert.Equal([2L, 3, 4], seqs);

        await cli.SignalAsync(signal);
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.Empty(cli.DrainStdout());
    }

    [Fact]
    public async Task Tail_HubRestart_SaysReconnectingThenResumesAfterLastSeq()
    {
        var hub = await FakeHubHost.StartAsync();
        var port = hub.Url.Port;
        await using var cli = CliProcess.Start("tail", "--url", hub.Url.ToString());
        FakeHubHost? second = null;
        try
        {
            var (key, _) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout(Timeouts.Long);
            await hub.SendAsync(key, Span(7, "svc"));
            Assert.Contains(" svc ", await cli.ReadLineAsync(), StringComparison.Ordinal);

            await hub.DisposeAsync();
            await cli.WaitForStderrAsync("reconnecting");
            second = await FakeHubHost.StartAsync(port);
            var (key2, resume) = await second.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout(Timeouts.Long);
            Assert.Equal(7, resume);
            await cli.WaitForStderrAsync("reconnected");
            await second.SendAsync(key2, Span(8, "svc2"));
            Assert.Contains(" svc2 ", await cli.ReadLineAsync(), StringComparison.Ordinal);
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Tail_WrongApiKeyOnRealHub_Exits3()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:ApiKey"] = "right-key" });
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--api-key", "wrong-key");
        Assert.Equal(3, await cli.WaitForExitAsync());
        Assert.Contains("refused the API key", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WrongApiKeyOnRealHub_Exits3()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:ApiKey"] = "right-key" });
        await using var cli = CliProcess.Start("demo", "--otlp-url", host.OtlpHttpUri.ToString(), "--api-key", "wrong-key", "--duration", "1");
        Assert.Equal(3, await cli.WaitForExitAsync());
        Assert.Contains("refused the API key", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_Duration2_ExportsOtlpProtobufAndExitsZero()
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var cli = CliProcess.Start("demo", "--otlp-url", hub.Url.ToString(), "--duration", "2", "--rate", "50");
        var code = await cli.WaitForExitAsync();
        Assert.True(code == 0, $"exit {code}; stderr:\n{cli.Stderr}");
        Assert.Contains("qyl demo: sent ", cli.Stderr, StringComparison.Ordinal);
        var exports = new List<(string ContentType, long Bytes)>();
        while (hub.State.OtlpExports.Reader.TryRead(out var export))
        {
            exports.Add(export);
        }
        // The first post is the zero-byte reachability probe; the exporter's batches follow.
        Assert.Contains(exports, e => e.ContentType == "application/x-protobuf" && e.Bytes > 1000);
    }
}
