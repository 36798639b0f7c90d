using Qyl.Contracts;

namespace Qyl.Tests.Infrastructure;

/// <summary>Builds log records for tests.</summary>
public static class TestLogs
{
    private static long s_counter;

    /// <summary>A log record with sensible defaults; override fields with <c>with</c>.</summary>
    public static LogRecord Create(
        string serviceName = "svc",
        string? sessionId = null,
        string? traceId = null,
        string? spanId = null,
        string? eventName = null,
        object? body = null)
    {
        var n = Interlocked.Increment(ref s_counter);
        var time = 1_700_000_000_000_000_000L + (n * 1_000_000);
        return new LogRecord
        {
            TraceId = traceId,
            SpanId = spanId,
            ServiceName = serviceName,
            SessionId = sessionId,
            TimeUnixNano = time,
            ObservedTimeUnixNano = time + 1000,
            SeverityNumber = 9,
            SeverityText = "Information",
            EventName = eventName,
            Body = body ?? $"line {n}",
            Attributes = new() { ["n"] = n },
            ResourceAttributes = new() { ["service.name"] = serviceName },
            ScopeName = "tests",
        };
    }
}
