using System.Buffers.Binary;
using Qyl.Testing.Workload;

namespace Qyl.Bench.Otlp;

/// <summary>
/// <c>--workload uniform</c>: the bench's first template, kept so earlier figures stay comparable.
/// One service, the same strings in every span: per trace an <c>invoke_agent</c> root, <c>chat</c>
/// calls with model, token and finish-reason attributes and a <c>gen_ai.choice</c> event, and
/// <c>execute_tool</c> calls; resource attributes as the .NET SDK sends them.
/// </summary>
public static class UniformTemplate
{
    /// <summary>Spans in each trace of the template: 1 agent root, 4 chat, 3 tool calls.</summary>
    public const int SpansPerTrace = 8;

    /// <summary>Builds a template of <paramref name="spanCount"/> spans.</summary>
    public static OtlpRequestTemplate Create(int spanCount, string serviceName = "bench-agent", bool stampSendTime = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spanCount, 1);
        var scopeSpans = new ProtoMessage()
            .Message(1, new ProtoMessage().String(1, "Microsoft.Extensions.AI").String(2, "9.9.0"));
        for (var i = 0; i < spanCount; i++)
        {
            scopeSpans.Message(2, BuildSpan(i, stampSendTime));
        }
        var resource = new ProtoMessage()
            .Message(1, Attribute("service.name", serviceName))
            .Message(1, Attribute("service.version", "1.4.2"))
            .Message(1, Attribute("telemetry.sdk.name", "opentelemetry"))
            .Message(1, Attribute("telemetry.sdk.language", "dotnet"))
            .Message(1, Attribute("telemetry.sdk.version", "1.20.1"))
            .Message(1, Attribute("host.name", "worker-7"));
        var resourceSpans = new ProtoMessage().Message(1, resource).Message(2, scopeSpans);
        return new OtlpRequestTemplate(new ProtoMessage().Message(1, resourceSpans), spanCount, serviceName);
    }

    private static ProtoMessage BuildSpan(int index, bool stampSendTime)
    {
        var trace = index / SpansPerTrace;
        var position = index % SpansPerTrace;
        Span<byte> traceId = stackalloc byte[16];
        BinaryPrimitives.WriteInt32BigEndian(traceId[12..], trace + 1);
        var span = new ProtoMessage()
            .Bytes(1, traceId, PatchKind.TraceId)
            .Bytes(2, SpanId(index), PatchKind.SpanId);
        if (position > 0)
        {
            span.Bytes(4, SpanId(index - position), PatchKind.SpanId);
        }
        var durationNano = position == 0 ? 2_500_000_000L : 400_000_000L - (position * 10_000_000L);
        var kind = position == 0 ? 1 : 3; // INTERNAL root, CLIENT calls
        var session = $"session-{trace % 16:D4}";
        if (position == 0)
        {
            span.String(5, "invoke_agent planner").VarintField(6, kind)
                .Fixed64(7, 0, PatchKind.UnixNanoBeforeNow, durationNano)
                .Fixed64(8, 0, PatchKind.UnixNanoBeforeNow, 0)
                .Message(9, Attribute("gen_ai.operation.name", "invoke_agent"))
                .Message(9, Attribute("gen_ai.agent.name", "planner"))
                .Message(9, Attribute("gen_ai.provider.name", "openai"))
                .Message(9, Attribute("session.id", session));
        }
        else if (position <= 4)
        {
            span.String(5, "chat gpt-4o").VarintField(6, kind)
                .Fixed64(7, 0, PatchKind.UnixNanoBeforeNow, durationNano)
                .Fixed64(8, 0, PatchKind.UnixNanoBeforeNow, 0)
                .Message(9, Attribute("gen_ai.operation.name", "chat"))
                .Message(9, Attribute("gen_ai.provider.name", "openai"))
                .Message(9, Attribute("gen_ai.request.model", "gpt-4o"))
                .Message(9, Attribute("gen_ai.response.model", "gpt-4o-2024-08-06"))
                .Message(9, Attribute("gen_ai.usage.input_tokens", 100L + index))
                .Message(9, Attribute("gen_ai.usage.output_tokens", 200L + index))
                .Message(9, Attribute("gen_ai.request.temperature", 0.7))
                .Message(9, Attribute("gen_ai.request.max_tokens", 1024L))
                .Message(9, Attribute("gen_ai.response.id", $"chatcmpl-{index:x12}"))
                .Message(9, new ProtoMessage().String(1, "gen_ai.response.finish_reasons")
                    .Message(2, new ProtoMessage().Message(5, new ProtoMessage().Message(1, new ProtoMessage().String(1, "stop")))))
                .Message(9, Attribute("server.address", "api.openai.com"))
                .Message(9, Attribute("server.port", 443L))
                .Message(9, Attribute("session.id", session))
                .Message(11, new ProtoMessage()
                    .Fixed64(1, 0, PatchKind.UnixNanoBeforeNow, 0)
                    .String(2, "gen_ai.choice")
                    .Message(3, Attribute("index", 0L))
                    .Message(3, Attribute("finish_reason", "stop")));
        }
        else
        {
            span.String(5, "execute_tool web_search").VarintField(6, kind)
                .Fixed64(7, 0, PatchKind.UnixNanoBeforeNow, durationNano)
                .Fixed64(8, 0, PatchKind.UnixNanoBeforeNow, 0)
                .Message(9, Attribute("gen_ai.operation.name", "execute_tool"))
                .Message(9, Attribute("gen_ai.tool.name", "web_search"))
                .Message(9, Attribute("gen_ai.tool.call.id", $"call_{index:x8}"))
                .Message(9, Attribute("session.id", session));
        }
        if (stampSendTime)
        {
            span.Message(9, new ProtoMessage().String(1, OtlpRequestTemplate.SentTimestampAttribute)
                .Message(2, new ProtoMessage().Double(4, 0, PatchKind.SentTimestamp)));
        }
        // Status: OK on every span but the last tool call of a trace, which failed.
        return position == SpansPerTrace - 1
            ? span.Message(15, new ProtoMessage().String(2, "tool timed out").VarintField(3, 2))
            : span.Message(15, new ProtoMessage().VarintField(3, 1));
    }

    private static byte[] SpanId(int index)
    {
        var id = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(4), index + 1);
        return id;
    }

    private static ProtoMessage Attribute(string key, string value) =>
        new ProtoMessage().String(1, key).Message(2, new ProtoMessage().String(1, value));

    private static ProtoMessage Attribute(string key, long value) =>
        new ProtoMessage().String(1, key).Message(2, new ProtoMessage().VarintField(3, value));

    private static ProtoMessage Attribute(string key, double value) =>
        new ProtoMessage().String(1, key).Message(2, new ProtoMessage().Double(4, value));
}
