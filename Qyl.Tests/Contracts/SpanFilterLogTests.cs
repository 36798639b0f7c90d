using Qyl.Contracts;

namespace Qyl.Tests.Contracts;

public sealed class SpanFilterLogTests
{
    private static LogRecord Log(
        string service = "checkout",
        string? session = "s-1",
        string? traceId = "0af7651916cd43dd8448eb211c80319c",
        string? eventName = null,
        Dictionary<string, object?>? attributes = null) => new()
        {
            ServiceName = service,
            SessionId = session,
            TraceId = traceId,
            EventName = eventName,
            Attributes = attributes ?? [],
        };

    [Fact]
    public void Matches_EmptyFilter_KeepsEveryRecord()
    {
        Assert.True(SpanFilter.All.Matches(Log(session: null, traceId: null)));
    }

    [Fact]
    public void Matches_ServiceSessionTrace_ComparedAsForSpans()
    {
        var log = Log();
        Assert.True(new SpanFilter { ServiceName = "checkout" }.Matches(log));
        Assert.False(new SpanFilter { ServiceName = "Checkout" }.Matches(log));
        Assert.True(new SpanFilter { SessionId = "s-1" }.Matches(log));
        Assert.False(new SpanFilter { SessionId = "s-2" }.Matches(log));
        Assert.True(new SpanFilter { TraceId = "0AF7651916CD43DD8448EB211C80319C" }.Matches(log));
        Assert.False(new SpanFilter { TraceId = "1af7651916cd43dd8448eb211c80319c" }.Matches(log));
    }

    [Fact]
    public void Matches_RecordWithoutTraceOrSession_FailsThoseFilters()
    {
        var log = Log(session: null, traceId: null);
        Assert.False(new SpanFilter { TraceId = "0af7651916cd43dd8448eb211c80319c" }.Matches(log));
        Assert.False(new SpanFilter { SessionId = "s-1" }.Matches(log));
    }

    [Fact]
    public void Matches_GenAiOnly_KeepsGenAiEventNameOrAttributeKey()
    {
        var genAi = new SpanFilter { GenAiOnly = true };
        Assert.True(genAi.Matches(Log(eventName: "gen_ai.user.message")));
        Assert.True(genAi.Matches(Log(attributes: new() { ["http.method"] = "GET", ["gen_ai.system"] = "openai" })));
        Assert.False(genAi.Matches(Log(eventName: "app.started", attributes: new() { ["genai"] = 1L, ["x.gen_ai.y"] = 2L })));
        Assert.False(genAi.Matches(Log()));
        Assert.True(new SpanFilter { GenAiOnly = false }.Matches(Log()));
    }
}
