using System.Diagnostics;

namespace Qyl.Cli.Demo;

/// <summary>
/// Now and then a long reasoning-model call (8-20 s) in real time, unlike the synthesized turns: it
/// announces itself the moment it starts with Logfire pending-span markers (zero-length spans with
/// <c>logfire.span_type = "pending_span"</c>, flushed as their own export) so qyl shows the agent and
/// the call in progress, and its finished spans follow when it ends (or when the demo stops).
/// </summary>
internal sealed class DemoLongCalls(IReadOnlyList<(string Service, ActivitySource Source, Action Flush)> services, DemoLogs logs, Random random)
{
    private static readonly TimeSpan s_every = TimeSpan.FromSeconds(6);

    /// <summary>Starts a long call right away and then every few seconds, each until done or <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var calls = new List<Task>();
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            calls.Add(CallAsync(services[n++ % services.Count], stop));
            try
            {
                await Task.Delay(s_every, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(calls);
    }

    private async Task CallAsync((string Service, ActivitySource Source, Action Flush) service, CancellationToken stop)
    {
        await Task.Yield();
        var session = "sess_" + Guid.NewGuid().ToString("N")[..12];
        KeyValuePair<string, object?>[] common = [new("session.id", session), new("gen_ai.conversation.id", session)];
        using var root = service.Source.StartActivity("invoke_agent research-agent", ActivityKind.Internal, default(ActivityContext),
            [.. common, new("gen_ai.operation.name", "invoke_agent"), new("gen_ai.agent.name", "research-agent"),
                new("gen_ai.provider.name", "anthropic"), new("gen_ai.request.model", "claude-sonnet-4")]);
        if (root is null)
        {
            return;
        }
        using var chat = service.Source.StartActivity("chat claude-sonnet-4", ActivityKind.Client, root.Context,
            [.. common, new("gen_ai.operation.name", "chat"), new("gen_ai.provider.name", "anthropic"),
                new("gen_ai.request.model", "claude-sonnet-4"), new("server.address", "api.anthropic.com"),
                new("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"You are a research agent. Think carefully.\"}]"),
                new("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Write a report on our Q3 refunds.\"}]}]")])!;
        Activity.Current = null;
        Pending(service.Source, root, null);
        Pending(service.Source, chat, root.SpanId);
        service.Flush();
        logs.Add(new(service.Service, DateTimeOffset.UtcNow, 9, "INFO", $"research-agent: thinking about the report for {session} (extended reasoning)",
            null, root.TraceId, root.SpanId, [new("session.id", session)]));

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(8_000, 20_000)), stop);
        }
        catch (OperationCanceledException)
        {
            // The demo stops: the call ends now, so nothing stays in progress.
        }
        var output = random.Next(1_500, 6_000);
        chat.SetTag("gen_ai.response.model", "claude-sonnet-4-20250514");
        chat.SetTag("gen_ai.response.finish_reasons", new[] { "stop" });
        chat.SetTag("gen_ai.usage.input_tokens", (long)random.Next(2_000, 9_000));
        chat.SetTag("gen_ai.usage.output_tokens", (long)output);
        chat.SetTag("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Here is the report.\"}],\"finish_reason\":\"stop\"}]");
        logs.Add(new(service.Service, DateTimeOffset.UtcNow, 9, "INFO", "gen_ai.client.inference.operation.details", "gen_ai.client.inference.operation.details",
            chat.TraceId, chat.SpanId, [new("gen_ai.operation.name", "chat"), new("gen_ai.request.model", "claude-sonnet-4"),
                new("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Here is the report.\"}],\"finish_reason\":\"stop\"}]")]));
        logs.Add(new(service.Service, DateTimeOffset.UtcNow, 9, "INFO", $"research-agent: report done ({output} output tokens)",
            null, root.TraceId, root.SpanId, [new("session.id", session)]));
    }

    // The marker: a zero-length child of the running span, naming the running span's own parent.
    private static void Pending(ActivitySource source, Activity running, ActivitySpanId? parent)
    {
        using var marker = source.StartActivity(running.DisplayName, running.Kind,
            new ActivityContext(running.TraceId, running.SpanId, ActivityTraceFlags.Recorded),
            [.. running.TagObjects, new("logfire.span_type", "pending_span"),
                new("logfire.pending_parent_id", parent?.ToHexString() ?? "0000000000000000")],
            startTime: running.StartTimeUtc);
        marker?.SetEndTime(running.StartTimeUtc);
    }
}
