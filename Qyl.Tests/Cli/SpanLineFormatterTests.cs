using System.Text.Json;
using Qyl.Cli.Tail;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

public sealed class SpanLineFormatterTests
{
    // 2023-11-14T22:13:20.123Z
    private const long Start = 1_700_000_000_123_000_000;

    private static SpanRecord Span() => TestSpans.Create(serviceName: "checkout", name: "chat gpt-4o", startTimeUnixNano: Start) with
    {
        TraceId = "0123456789abcdef0123456789abcdef",
        SpanId = "fedcba9876543210",
        DurationMs = 1234.5,
        Status = SpanStatuses.Ok,
        GenAi = new GenAiInfo { OperationName = "chat", RequestModel = "gpt-4o", ResponseModel = "gpt-4o-2024-08-06", InputTokens = 812, OutputTokens = 64 },
    };

    [Fact]
    public void Format_GenAiSpanWithoutColor_PrintsTimeServiceShortIdsNameDurationStatusModelTokens()
    {
        var line = new SpanLineFormatter(color: false, TimeZoneInfo.Utc).Format(Span());
        Assert.Equal("22:13:20.123 checkout 01234567/fedcba98 chat gpt-4o 1.23s ok gpt-4o-2024-08-06 in=812 out=64", line);
    }

    [Fact]
    public void Format_ErrorSpanNoGenAi_PrintsStatusMessageAndNoTokens()
    {
        var span = Span() with { GenAi = null, Status = SpanStatuses.Error, StatusMessage = "boom", DurationMs = 12.34, Name = "GET" };
        var line = new SpanLineFormatter(color: false, TimeZoneInfo.Utc).Format(span);
        Assert.Equal("22:13:20.123 checkout 01234567/fedcba98 GET 12.3ms error \"boom\"", line);
    }

    [Fact]
    public void Format_InProgressSpan_PrintsStartedInsteadOfDurationAndStatus()
    {
        var span = Span() with { InProgress = true, EndTimeUnixNano = null, DurationMs = null, GenAi = Span().GenAi! with { ResponseModel = null, InputTokens = null, OutputTokens = null } };
        var line = new SpanLineFormatter(color: false, TimeZoneInfo.Utc).Format(span);
        Assert.Equal("22:13:20.123 checkout 01234567/fedcba98 chat gpt-4o started gpt-4o", line);
    }

    [Fact]
    public void Format_WithColor_WrapsFieldsInAnsiAndResets()
    {
        var line = new SpanLineFormatter(color: true, TimeZoneInfo.Utc).Format(Span() with { Status = SpanStatuses.Error });
        Assert.Contains("\u001b[31merror\u001b[0m", line, StringComparison.Ordinal);
        Assert.Contains("\u001b[36mcheckout\u001b[0m", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_LocalTimeZone_ShiftsClockTime()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        Assert.StartsWith("00:13:20.123 ", new SpanLineFormatter(false, plusTwo).Format(Span()), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_Span_OneLineWithContractFieldNames()
    {
        var span = Span() with { Attributes = new() { ["http.status"] = 200L, ["tags"] = new object[] { "a", 1L } } };
        var json = SpanLineFormatter.ToJson(span);
        Assert.DoesNotContain('\n', json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(span.Seq, root.GetProperty("seq").GetInt64());
        Assert.Equal("0123456789abcdef0123456789abcdef", root.GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parentSpanId").ValueKind);
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.Equal(812, root.GetProperty("genAi").GetProperty("inputTokens").GetInt64());
        Assert.Equal(200, root.GetProperty("attributes").GetProperty("http.status").GetInt64());
        Assert.Equal(1, root.GetProperty("attributes").GetProperty("tags")[1].GetInt64());
    }

    [Theory]
    [InlineData(0.04, "0.0ms")]
    [InlineData(999.94, "999.9ms")]
    [InlineData(1000, "1.00s")]
    [InlineData(61_500, "61.50s")]
    public void Duration_Milliseconds_ShortHumanForm(double ms, string expected) =>
        Assert.Equal(expected, SpanLineFormatter.Duration(ms));
}
