using Qyl.Cli.Tail;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

public sealed class LogLineFormatterTests
{
    // 2023-11-14T22:13:20.123Z
    private const long Time = 1_700_000_000_123_000_000;

    private static LogRecord Log() => TestLogs.Create("agent", traceId: "0123456789abcdef0123456789abcdef", spanId: "fedcba9876543210") with
    {
        TimeUnixNano = Time,
        SeverityNumber = 9,
        SeverityText = "Information",
        EventName = "gen_ai.user.message",
        Body = new Dictionary<string, object?> { ["content"] = "What is the weather?", ["n"] = 2L },
    };

    [Fact]
    public void Format_EventWithStructuredBody_TimeServiceIdsSeverityEventAndCompactJson()
    {
        var line = new LogLineFormatter(color: false, TimeZoneInfo.Utc).Format(Log());
        Assert.Equal("22:13:20.123 agent 01234567/fedcba98 Information gen_ai.user.message {\"content\":\"What is the weather?\",\"n\":2}", line);
    }

    [Fact]
    public void Format_NoIdsNoTextMultilineBody_DashesRangeNameOneLine()
    {
        var log = Log() with { TraceId = null, SpanId = null, SeverityText = null, SeverityNumber = 14, EventName = null, Body = "line one\nline two" };
        Assert.Equal("22:13:20.123 agent -/- WARN line one line two", new LogLineFormatter(color: false, TimeZoneInfo.Utc).Format(log));
    }

    [Fact]
    public void ToJson_ContractNames_AsTheQueryApiWrites()
    {
        var json = LogLineFormatter.ToJson(Log() with { Seq = 42 });
        Assert.StartsWith("{\"seq\":42,\"traceId\":\"0123456789abcdef0123456789abcdef\",\"spanId\":\"fedcba9876543210\",\"serviceName\":\"agent\"", json, StringComparison.Ordinal);
        Assert.Contains("\"eventName\":\"gen_ai.user.message\",\"body\":{\"content\":\"What is the weather?\",\"n\":2}", json, StringComparison.Ordinal);
    }
}
