using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>Cost: records keep their <c>genAi.costUsd</c>; session and trace summaries sum it exactly and count unpriced calls.</summary>
public abstract partial class SpanStoreSpecification
{
    [Fact]
    public async Task Summaries_PricedAndUnpricedCalls_SumCostExactlyAndCountUnpriced()
    {
        var store = await NewStoreAsync();
        string service = Unique("svc"), session = Unique("session");
        string t1 = TestSpans.NewTraceId(), t2 = TestSpans.NewTraceId();
        var openAi = PricedCalls.Chat(service, session, t1, "openai", "gpt-4o-2024-08-06", input: 12_345, output: 678, cacheRead: 10_000, requestModel: "gpt-4o", startTimeUnixNano: s_t0);
        var anthropic = PricedCalls.Chat(service, session, t1, "anthropic", "claude-3-5-sonnet-20241022", input: 2_048, output: 321, startTimeUnixNano: s_t0 + Ms);
        var unknown = PricedCalls.Chat(service, session, t2, "acme", "acme-llm-7", input: 500, output: 50, startTimeUnixNano: s_t0 + (2 * Ms));
        var deepSeek = PricedCalls.Chat(service, session, t2, "deepseek", "deepseek-chat", input: 9_999, output: 1_111, cacheRead: 4_096, startTimeUnixNano: s_t0 + (3 * Ms));
        // A tool call is GenAI without tokens: neither priced nor unpriced.
        var tool = TestSpans.Create(service, session, t2, startTimeUnixNano: s_t0 + (4 * Ms)) with
        {
            GenAi = new GenAiInfo { OperationName = "execute_tool", ToolName = "search" },
        };
        await AppendAsync(store, openAi, anthropic, unknown, deepSeek, tool);

        var openAiCost = PricedCalls.Expected("openai", "gpt-4o", 12_345, 678, 10_000);
        var anthropicCost = PricedCalls.Expected("anthropic", "claude-3-5-sonnet", 2_048, 321);
        var deepSeekCost = PricedCalls.Expected("deepseek", "deepseek-chat", 9_999, 1_111, 4_096);
        var stored = await ReadServiceAsync(store, service);
        Assert.Equal(
            [(double)openAiCost, (double)anthropicCost, null, (double)deepSeekCost, null],
            stored.Select(s => s.GenAi?.CostUsd));

        var summary = Assert.Single(await store.GetSessionsAsync(service, 10, CancellationToken.None).WithTimeout());
        Assert.Equal((double)(openAiCost + anthropicCost + deepSeekCost), summary.CostUsd);
        Assert.Equal(1, summary.UnpricedSpans);

        var traces = (await store.GetTracesAsync(null, session, 10, CancellationToken.None).WithTimeout()).ToDictionary(t => t.TraceId);
        Assert.Equal(((double)(openAiCost + anthropicCost), 0L), (traces[t1].CostUsd, traces[t1].UnpricedSpans));
        Assert.Equal(((double)deepSeekCost, 1L), (traces[t2].CostUsd, traces[t2].UnpricedSpans));
    }

    [Fact]
    public async Task Summaries_NoModelCalls_ZeroCostNoneUnpriced()
    {
        var store = await NewStoreAsync();
        string service = Unique("svc"), session = Unique("session");
        await AppendAsync(store, TestSpans.Create(service, session));

        var summary = Assert.Single(await store.GetSessionsAsync(service, 10, CancellationToken.None).WithTimeout());
        var trace = Assert.Single(await store.GetTracesAsync(service, null, 10, CancellationToken.None).WithTimeout());

        Assert.Equal((0.0, 0L), (summary.CostUsd, summary.UnpricedSpans));
        Assert.Equal((0.0, 0L), (trace.CostUsd, trace.UnpricedSpans));
    }
}
