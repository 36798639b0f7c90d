using Qyl.Cli;
using Qyl.Cli.Demo;
using Qyl.Cli.Tail;
using Qyl.Contracts;

namespace Qyl.Tests.Cli;

public sealed class CliArgumentsTests
{
    private static TailSettings ParseTail(params string[] args) =>
        TailSettings.From(QylCli.BuildRoot(TextWriter.Null, TextWriter.Null).Parse(["tail", .. args]));

    private static async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        using var stderr = new StringWriter();
        var code = await QylCli.RunAsync(args, TextWriter.Null, stderr);
        return (code, stderr.ToString());
    }

    [Fact]
    public void TailFrom_NoOptions_DefaultsToLocalHubEverySpanLive()
    {
        var settings = ParseTail();
        Assert.Equal("http://127.0.0.1:5100", settings.Url);
        Assert.Equal(SpanFilter.AllKey, settings.Filter.CanonicalKey);
        Assert.Null(settings.SinceSeq);
        Assert.False(settings.Json);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ConnectTimeout);
    }

    [Fact]
    public void TailFrom_EveryOption_BuildsFilterCursorAndFlags()
    {
        var settings = ParseTail("--url", "http://h:1", "--service", "svc", "--session", "s1", "--trace", "ABCD", "--genai", "--since-seq", "42", "--json", "--api-key", "k");
        Assert.Equal(new SpanFilter { ServiceName = "svc", SessionId = "s1", TraceId = "abcd", GenAiOnly = true }, settings.Filter);
        Assert.Equal(42, settings.SinceSeq);
        Assert.True(settings.Json);
        Assert.Equal("k", settings.ApiKey);
        Assert.Equal("http://h:1", settings.Url);
    }

    [Theory]
    [InlineData("tail", "--url", "not a url")]
    [InlineData("tail", "--url", "ftp://127.0.0.1:5100")]
    [InlineData("tail", "--since-seq", "abc")]
    [InlineData("tail", "--nope")]
    [InlineData("demo", "--otlp-url", "localhost")]
    [InlineData("demo", "--rate", "0")]
    [InlineData("demo", "--sessions", "0")]
    [InlineData("frobnicate")]
    public async Task RunAsync_BadCommandLine_ExitsUsage64WithMessage(params string[] args)
    {
        var (code, stderr) = await RunAsync(args);
        Assert.Equal(64, code);
        Assert.StartsWith("qyl: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoFrom_Options_ParsesRateDurationSessions()
    {
        var settings = DemoSettings.From(QylCli.BuildRoot(TextWriter.Null, TextWriter.Null)
            .Parse(["demo", "--otlp-url", "http://127.0.0.1:9", "--rate", "50", "--duration", "3", "--sessions", "4"]));
        Assert.Equal(new DemoSettings("http://127.0.0.1:9", 50, 3, 4, settings.ApiKey), settings);
        Assert.Null(settings.Problem());
    }
}
