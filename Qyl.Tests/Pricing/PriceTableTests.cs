using Qyl.Contracts;
using Qyl.Ingest.Pricing;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Pricing;

public sealed class PriceTableTests
{
    private static readonly PriceTable s_table = PriceTable.BuiltIn;

    [Theory]
    [InlineData("openai", "gpt-4o-2024-08-06", "openai", "gpt-4o")]
    [InlineData("openai", "gpt-4o-mini-2024-07-18", "openai", "gpt-4o-mini")]
    [InlineData("openai", "gpt-4-0613", "openai", "gpt-4")]
    [InlineData("openai", "o1-2024-12-17", "openai", "o1")]
    [InlineData("anthropic", "claude-3-5-sonnet-20241022", "anthropic", "claude-3-5-sonnet")]
    [InlineData("anthropic", "claude-3-5-sonnet-latest", "anthropic", "claude-3-5-sonnet")]
    [InlineData("anthropic", "claude-opus-4-1-20250805", "anthropic", "claude-opus-4-1")]
    [InlineData("gcp.vertex_ai", "claude-3-7-sonnet@20250219", "anthropic", "claude-3-7-sonnet")]
    [InlineData("mistral_ai", "mistral-large-2411", "mistral_ai", "mistral-large")]
    [InlineData("mistral_ai", "mistral-large-latest", "mistral_ai", "mistral-large")]
    [InlineData("gcp.gemini", "gemini-2.0-flash-001", "gcp.gemini", "gemini-2.0-flash")]
    [InlineData("groq", "llama-3.3-70b-versatile", "groq", "llama-3.3-70b-versatile")]
    [InlineData("deepseek", "DeepSeek-Chat", "deepseek", "deepseek-chat")]
    [InlineData("azure.ai.openai", "gpt-35-turbo-0125", "azure.ai.openai", "gpt-35-turbo")]
    public void Find_DatedOrAliasedName_MatchesTableEntry(string provider, string model, string entryProvider, string entryModel)
    {
        Assert.Equal(PricedCalls.Entry(entryProvider, entryModel), s_table.Find(provider, model, null));
    }

    [Fact]
    public void Find_ExactDatedEntry_WinsOverSuffixFallback()
    {
        // gpt-4o's first snapshot kept its launch price; stripping the date would undercharge it.
        Assert.Equal(PricedCalls.Entry("openai", "gpt-4o-2024-05-13"), s_table.Find("openai", "gpt-4o-2024-05-13", "gpt-4o"));
    }

    [Fact]
    public void Find_ResponseModelUnknown_FallsBackToRequestModel()
    {
        Assert.Equal(PricedCalls.Entry("openai", "gpt-4.1-mini"), s_table.Find("openai", "my-proxy-alias", "gpt-4.1-mini"));
        Assert.Equal(PricedCalls.Entry("anthropic", "claude-3-5-haiku"), s_table.Find("anthropic", "claude-3-5-haiku-20241022", "gpt-4o"));
    }

    [Theory]
    [InlineData("openai", "gpt-4-1106-preview")]
    [InlineData("openai", "chatgpt-4o-latest")]
    [InlineData("acme", "acme-llm-7")]
    [InlineData(null, "")]
    public void Find_UnknownModel_ReturnsNull(string? provider, string model)
    {
        Assert.Null(s_table.Find(provider, model, null));
    }

    [Fact]
    public void Find_NameCollidesWithDifferentPrices_ProviderPicksAndNoProviderIsNoPrice()
    {
        var table = new PriceTable([
            new ModelPrice("openai", "gpt-4o", 2.50m, 10m, null, null, new DateOnly(2025, 6, 1)),
            new ModelPrice("azure.ai.openai", "gpt-4o", 2.75m, 11m, null, null, new DateOnly(2025, 6, 1)),
        ]);

        Assert.Equal(2.75m, table.Find("azure.ai.openai", "gpt-4o-2024-11-20", null)?.InputPerMillion);
        Assert.Equal(2.50m, table.Find("OpenAI", "gpt-4o", null)?.InputPerMillion);
        Assert.Null(table.Find(null, "gpt-4o", null));
        Assert.Null(table.Find("aws.bedrock", "gpt-4o", null));
    }

    [Fact]
    public void Find_SameNameSamePrices_PricedWhateverTheProvider()
    {
        // Built in: gpt-4o for openai and azure.ai.openai at one price, so an OpenAI-compatible
        // client reporting another provider still gets it.
        Assert.Equal(PricedCalls.Entry("openai", "gpt-4o").InputPerMillion, s_table.Find("some.proxy", "gpt-4o", null)?.InputPerMillion);
    }

    [Fact]
    public void Cost_CacheReadAndWrite_PricedAtTheirRatesInsideInputTokens()
    {
        var price = PricedCalls.Entry("anthropic", "claude-sonnet-4");
        var cost = price.Cost(new TokenUsage(InputTokens: 10_000, OutputTokens: 500, CacheReadInputTokens: 6_000, CacheWriteInputTokens: 3_000));

        var expected = ((1_000 * price.InputPerMillion) + (6_000 * price.CachedInputPerMillion!.Value)
            + (3_000 * price.CacheWriteInputPerMillion!.Value) + (500 * price.OutputPerMillion)) / 1_000_000m;
        Assert.Equal(expected, cost);
    }

    [Fact]
    public void Cost_CacheCountsAboveInput_TreatsInputAsUncached()
    {
        // Anthropic's own usage reports input excluding cache reads; some instrumentations copy that.
        var price = PricedCalls.Entry("anthropic", "claude-3-5-haiku");
        var cost = price.Cost(new TokenUsage(InputTokens: 20, OutputTokens: 10, CacheReadInputTokens: 5_000));

        Assert.Equal(((20 * price.InputPerMillion) + (5_000 * price.CachedInputPerMillion!.Value) + (10 * price.OutputPerMillion)) / 1_000_000m, cost);
    }

    [Fact]
    public void CostUsd_SpanWithoutTokensOrGenAi_IsNull()
    {
        var pricer = new SpanPricer(s_table);
        var tool = TestSpans.Create() with { GenAi = new GenAiInfo { OperationName = "execute_tool", RequestModel = "gpt-4o" } };

        Assert.Null(pricer.CostUsd(tool));
        Assert.Null(pricer.CostUsd(TestSpans.Create()));
        Assert.False(SpanPricer.IsUnpriced(tool));
    }

    [Fact]
    public void BuiltIn_EveryEntry_IsDatedAndUniquePerProviderAndModel()
    {
        var entries = PriceFile.BuiltIn();

        Assert.Equal(entries.Count, s_table.Count);
        Assert.All(entries, e => Assert.InRange(e.AsOf, new DateOnly(2024, 1, 1), DateOnly.FromDateTime(DateTime.UtcNow)));
        foreach (var provider in new[] { "openai", "azure.ai.openai", "anthropic", "gcp.gemini", "mistral_ai", "deepseek" })
        {
            Assert.Contains(entries, e => e.Provider == provider);
        }
        Assert.Contains(entries, e => e.Model.Contains("llama", StringComparison.OrdinalIgnoreCase));
    }
}
