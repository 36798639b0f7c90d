using System.Diagnostics;
using Qyl.Bench.Otlp;
using Qyl.Contracts;

namespace Qyl.Bench.Infrastructure;

/// <summary>
/// <see cref="SpanRecord"/>s shaped like what the hub maps from <see cref="Otlp.UniformTemplate"/>:
/// a GenAI chat span with model, tokens, attributes, resource attributes and one event. For the
/// store and serialization benchmarks and the baseline hub's sender.
/// </summary>
public static class BenchSpans
{
    /// <summary>Span <paramref name="index"/> of a run tagged <paramref name="runId"/> (unique ids per run).</summary>
    public static SpanRecord Chat(int index, string serviceName = "bench-agent", long runId = 0, bool stampSendTime = false)
    {
        var end = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        var attributes = new Dictionary<string, object?>
        {
            ["gen_ai.request.temperature"] = 0.7,
            ["gen_ai.request.max_tokens"] = 1024L,
            ["gen_ai.response.id"] = $"chatcmpl-{index:x12}",
            ["gen_ai.response.finish_reasons"] = new object?[] { "stop" },
            ["server.address"] = "api.openai.com",
            ["server.port"] = 443L,
        };
        if (stampSendTime)
        {
            attributes[OtlpRequestTemplate.SentTimestampAttribute] = (double)Stopwatch.GetTimestamp();
        }
        return new SpanRecord
        {
            TraceId = $"{runId:x16}{index / UniformTemplate.SpansPerTrace:x16}",
            SpanId = $"{index + 1:x16}",
            ParentSpanId = index % UniformTemplate.SpansPerTrace == 0 ? null : $"{index - (index % UniformTemplate.SpansPerTrace) + 1:x16}",
            Name = "chat gpt-4o",
            Kind = SpanKinds.Client,
            ServiceName = serviceName,
            SessionId = $"session-{index / UniformTemplate.SpansPerTrace % 16:D4}",
            StartTimeUnixNano = end - 400_000_000,
            EndTimeUnixNano = end,
            DurationMs = 400,
            Status = SpanStatuses.Ok,
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
            Attributes = attributes,
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
                    TimeUnixNano = end,
                    Attributes = new Dictionary<string, object?> { ["index"] = 0L, ["finish_reason"] = "stop" },
                },
            ],
        };
    }
}
