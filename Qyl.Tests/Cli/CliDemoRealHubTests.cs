using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

/// <summary><c>qyl demo</c> as a child process against the real hub's OTLP/HTTP receiver.</summary>
public sealed class CliDemoRealHubTests
{
    [Fact]
    public async Task Demo_Duration3AgainstRealHub_GenAiSpansOfBothServicesStored()
    {
        await using var host = await QylTestHost.StartAsync();
        await using var cli = CliProcess.Start("demo", "--otlp-url", host.OtlpHttpUri.ToString(), "--duration", "3", "--rate", "40", "--sessions", "4");
        var code = await cli.WaitForExitAsync();
        Assert.True(code == 0, $"exit {code}; stderr:\n{cli.Stderr}");

        var store = host.Services.GetRequiredService<ISpanStore>();
        var spans = await store.ReadAfterAsync(0, SpanFilter.All, 10_000, CancellationToken.None).WithTimeout();
        Assert.True(spans.Count >= 40, $"only {spans.Count} spans stored");
        Assert.Equal(["support-bot", "travel-assistant"], spans.Select(s => s.ServiceName).Distinct().Order());
        var chat = spans.First(s => s.GenAi?.OperationName == "chat");
        Assert.NotNull(chat.GenAi!.ProviderName);
        Assert.NotNull(chat.GenAi.ResponseModel);
        Assert.True(chat.GenAi.InputTokens > 0);
        Assert.NotNull(chat.SessionId);
        Assert.Contains(spans, s => s.GenAi?.ToolName is not null && s.ParentSpanId is not null);
        Assert.Equal(4, spans.Select(s => s.SessionId).Distinct().Count());

        using var http = host.CreateHttpClient();
        var services = await http.GetFromJsonAsync(new Uri("/api/v1/services", UriKind.Relative), QylJsonContext.Default.ServiceSummaryArray).WithTimeout();
        Assert.Equal(["support-bot", "travel-assistant"], services!.Select(s => s.ServiceName).Order());
    }
}
