using Qyl.Contracts;

namespace Qyl.Tests.Infrastructure;

/// <summary>
/// Spans shaped like a real GenAI app's export: semantic-convention attributes, resource attributes,
/// an event. For round-trip tests and memory measurements.
/// </summary>
public static class RealisticSpans
{
    /// <summary>A chat span of an agent; its own ids, the given trace, session and parent.</summary>
    public static SpanRecord Chat(string serviceName, string traceId, string? sessionId, string? parentSpanId, int index)
    {
        var span = TestSpans.Create(serviceName, sessionId, traceId, genAi: true, name: "chat gpt-4o", parentSpanId: parentSpanId);
        return span with
        {
            Kind = SpanKinds.Client,
            ScopeName = "Microsoft.Extensions.AI",
            GenAi = new GenAiInfo
            {
                OperationName = "chat",
                ProviderName = "openai",
                RequestModel = "gpt-4o",
                ResponseModel = "gpt-4o-2024-08-06",
                InputTokens = 100 + index,
                OutputTokens = 200 + index,
                AgentName = "planner",
            },
            Attributes = new Dictionary<string, object?>
            {
                ["gen_ai.request.temperature"] = 0.7,
                ["gen_ai.request.max_tokens"] = 1024L,
                ["gen_ai.response.id"] = $"chatcmpl-{index:x12}",
                ["gen_ai.response.finish_reasons"] = new object?[] { "stop" },
                ["server.address"] = "api.openai.com",
                ["server.port"] = 443L,
            },
            ResourceAttributes = new Dictionary<string, object?>
            {
                ["service.name"] = serviceName,
                ["service.version"] = "1.4.2",
                ["telemetry.sdk.name"] = "opentelemetry",
                ["telemetry.sdk.language"] = "dotnet",
                ["telemetry.sdk.version"] = "1.20.1",
                ["host.name"] = "worker-7",
            },
            Events =
            [
                new SpanEventRecord
                {
                    Name = "gen_ai.choice",
                    TimeUnixNano = span.EndTimeUnixNano,
                    Attributes = new Dictionary<string, object?> { ["index"] = 0L, ["finish_reason"] = "stop" },
                },
            ],
        };
    }
}
