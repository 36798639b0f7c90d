using Qyl.Contracts;

namespace Qyl.Tests.Infrastructure;

/// <summary>Builds span records for tests; ids are unique per call unless given.</summary>
public static class TestSpans
{
    private static long s_counter;

    /// <summary>A span with sensible defaults; override fields with <c>with</c>.</summary>
    public static SpanRecord Create(
        string serviceName = "svc",
        string? sessionId = null,
        string? traceId = null,
        bool genAi = false,
        string name = "op",
        string status = SpanStatuses.Unset,
        string? parentSpanId = null,
        long? startTimeUnixNano = null)
    {
        var n = Interlocked.Increment(ref s_counter);
        var start = startTimeUnixNano ?? (1_700_000_000_000_000_000L + (n * 1_000_000));
        return new SpanRecord
        {
            TraceId = traceId ?? NewTraceId(),
            SpanId = n.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            ParentSpanId = parentSpanId,
            Name = name,
            Kind = SpanKinds.Internal,
            ServiceName = serviceName,
            SessionId = sessionId,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + 5_000_000,
            DurationMs = 5,
            Status = status,
            GenAi = genAi ? new GenAiInfo { OperationName = "chat", ProviderName = "openai", RequestModel = "gpt-4o", InputTokens = 10, OutputTokens = 20 } : null,
        };
    }

    /// <summary>
    /// A realistic GenAI chat span (<see cref="WorkloadRecords.Chat"/>: semantic-convention attributes,
    /// an SDK's resource, message content on some) with its own span id and the given trace, session and parent.
    /// </summary>
    public static SpanRecord Chat(string serviceName, string traceId, string? sessionId, string? parentSpanId, int index) =>
        WorkloadRecords.Chat(serviceName, traceId, sessionId, parentSpanId, index,
            Interlocked.Increment(ref s_counter).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A fresh random trace id (32 lowercase hex).</summary>
    public static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
}
