using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Pricing;
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
        var chat = spans.First(s => s.GenAi?.OperationName == "chat" && s.GenAi.InputTokens is not null);
        Assert.NotNull(chat.GenAi!.ProviderName);
        Assert.NotNull(chat.GenAi.ResponseModel);
        Assert.True(chat.GenAi.InputTokens > 0);
        Assert.NotNull(chat.SessionId);
        Assert.Contains(spans, s => s.GenAi?.ToolName is not null && s.ParentSpanId is not null);
        // Sessions that finish their script are replaced by new ones, so at least the four asked for.
        Assert.True(spans.Select(s => s.SessionId).Distinct().Count() >= 4);

        using var http = host.CreateHttpClient();
        var services = await http.GetFromJsonAsync(new Uri("/api/v1/services", UriKind.Relative), QylJsonContext.Default.ServiceSummaryArray).WithTimeout();
        Assert.Equal(["support-bot", "travel-assistant"], services!.Select(s => s.ServiceName).Order());
    }

    [Fact]
    public async Task Demo_AgainstRealHub_SessionsOfSeveralTurnsPricedExactlyWithGrowingConversations()
    {
        await using var host = await QylTestHost.StartAsync();
        await using var cli = CliProcess.Start("demo", "--otlp-url", host.OtlpHttpUri.ToString(), "--duration", "3", "--rate", "60", "--sessions", "3");
        var code = await cli.WaitForExitAsync();
        Assert.True(code == 0, $"exit {code}; stderr:\n{cli.Stderr}");

        var store = host.Services.GetRequiredService<ISpanStore>();
        var spans = await store.ReadAfterAsync(0, SpanFilter.All, 10_000, CancellationToken.None).WithTimeout();
        var calls = spans.Where(s => s.GenAi is { OperationName: "chat", InputTokens: not null }).ToList();

        // Every model call with tokens is priced, at what the built-in table says for it.
        var pricer = new SpanPricer(PriceTable.BuiltIn);
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.True(c.GenAi!.CostUsd > 0, $"{c.GenAi.ProviderName} {c.GenAi.ResponseModel} is unpriced"));
        Assert.All(calls, c => Assert.Equal(pricer.CostUsd(c), c.GenAi!.CostUsd));
        Assert.True(calls.Select(c => c.GenAi!.ProviderName).Distinct().Count() >= 3, "models of several providers");
        Assert.Contains(calls, c => c.Attributes.ContainsKey(SpanPricer.CacheReadInputTokens));

        using var http = host.CreateHttpClient();
        var sessions = await http.GetFromJsonAsync(new Uri("/api/v1/sessions?limit=1000", UriKind.Relative), QylJsonContext.Default.SessionSummaryArray).WithTimeout();
        Assert.NotNull(sessions);
        Assert.All(sessions, s => Assert.Equal(0, s.UnpricedSpans));
        foreach (var session in sessions)
        {
            var expected = calls.Where(c => c.SessionId == session.SessionId).Sum(c => (decimal)c.GenAi!.CostUsd!.Value);
            Assert.Equal((double)expected, session.CostUsd);
        }
        Assert.Contains(sessions, s => s.TraceCount >= 3);

        // The history grows: each call of a session re-sends at least the messages of the one before.
        foreach (var session in calls.GroupBy(c => c.SessionId))
        {
            var sizes = session.OrderBy(c => c.StartTimeUnixNano).Select(c => Messages(c, "gen_ai.input.messages").GetArrayLength()).ToList();
            Assert.Equal(sizes.Order(), sizes);
        }
        // Turns of a session follow each other: the next starts after the previous one ended.
        foreach (var session in spans.Where(s => s.SessionId is not null).GroupBy(s => s.SessionId))
        {
            var turns = session.GroupBy(s => s.TraceId)
                .Select(t => (Start: t.Min(s => s.StartTimeUnixNano), End: t.Max(s => s.EndTimeUnixNano))).OrderBy(t => t.Start).ToList();
            Assert.All(turns.Zip(turns.Skip(1)), pair => Assert.True(pair.Second.Start >= pair.First.End, "turns of a session overlap"));
        }
        var withTool = calls.First(c => Messages(c, "gen_ai.output.messages")[0].GetProperty("parts")[0].GetProperty("type").GetString() == "tool_call");
        Assert.Equal("text", Messages(withTool, "gen_ai.system_instructions")[0].GetProperty("type").GetString());
        var tool = spans.First(s => s.GenAi?.OperationName == "execute_tool");
        Assert.True(tool.Attributes.ContainsKey("gen_ai.tool.call.arguments") && tool.Attributes.ContainsKey("gen_ai.tool.call.result"));
    }

    [Fact]
    public async Task Demo_AgainstRealHub_LongCallStreamsInProgressFirstThenFinishes_LogsStoredWithTraceIds()
    {
        await using var host = await QylTestHost.StartAsync();
        await using var cli = CliProcess.Start("demo", "--otlp-url", host.OtlpHttpUri.ToString(), "--duration", "3", "--rate", "20", "--sessions", "3");
        var code = await cli.WaitForExitAsync();
        Assert.True(code == 0, $"exit {code}; stderr:\n{cli.Stderr}");

        var store = host.Services.GetRequiredService<ISpanStore>();
        var spans = await store.ReadAfterAsync(0, SpanFilter.All, 10_000, CancellationToken.None).WithTimeout();
        var inProgress = spans.Where(s => s.InProgress).ToList();
        Assert.Contains(inProgress, s => s.GenAi?.OperationName == "chat");
        Assert.Contains(inProgress, s => s.GenAi?.OperationName == "invoke_agent" && s.ParentSpanId is null);
        // Every span the demo announced as running finished later, under the same id and a higher seq.
        Assert.All(inProgress, running =>
        {
            var finished = spans.Where(s => s.SpanId == running.SpanId && !s.InProgress).ToList();
            Assert.Single(finished);
            Assert.True(finished[0].Seq > running.Seq, $"{running.Name} finished before it was in progress");
            Assert.Equal(running.ParentSpanId, finished[0].ParentSpanId);
            Assert.NotNull(finished[0].EndTimeUnixNano);
        });

        var logs = await host.Services.GetRequiredService<ILogStore>().ReadLogsAfterAsync(0, SpanFilter.All, null, 10_000, CancellationToken.None).WithTimeout();
        var traceIds = spans.Select(s => s.TraceId).ToHashSet();
        Assert.True(logs.Count >= 3, $"only {logs.Count} log records stored");
        Assert.All(logs, l => Assert.Contains(l.TraceId!, traceIds));
        Assert.All(logs, l => Assert.Contains(spans, s => s.SpanId == l.SpanId));
        Assert.Contains(logs, l => l.SeverityText == "INFO" && l.EventName is null && l.ServiceName is "support-bot" or "travel-assistant");
        var details = Assert.Single(logs, l => l.EventName == "gen_ai.client.inference.operation.details");
        Assert.Equal("chat", spans.First(s => s.SpanId == details.SpanId).GenAi?.OperationName);
    }

    private static JsonElement Messages(SpanRecord span, string key) =>
        JsonDocument.Parse((string)span.Attributes[key]!).RootElement;
}
