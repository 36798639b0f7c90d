namespace Qyl.Ingest.Pricing;

/// <summary>
/// One model's price in USD per million tokens, as published on <see cref="AsOf"/>. Decimal, so a
/// cost is exact to the table: 1,234 tokens at 2.50 cost 0.003085, not a binary approximation of it.
/// </summary>
/// <param name="Provider">The <c>gen_ai.provider.name</c> this price applies to (<c>openai</c>, <c>azure.ai.openai</c>...).</param>
/// <param name="Model">The model name as providers report it, without a dated suffix (<c>gpt-4o</c>).</param>
/// <param name="InputPerMillion">Input tokens not served from or written to a cache.</param>
/// <param name="OutputPerMillion">Output tokens.</param>
/// <param name="CachedInputPerMillion">Input tokens read from the provider's cache; null: the input price.</param>
/// <param name="CacheWriteInputPerMillion">Input tokens written to the provider's cache; null: the input price.</param>
/// <param name="AsOf">The date the price was taken.</param>
public sealed record ModelPrice(
    string Provider,
    string Model,
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CachedInputPerMillion,
    decimal? CacheWriteInputPerMillion,
    DateOnly AsOf)
{
    private const decimal TokensPerMillion = 1_000_000m;

    /// <summary>The cost of <paramref name="usage"/> at this price.</summary>
    public decimal Cost(TokenUsage usage)
    {
        // The GenAI conventions count cache reads and writes inside gen_ai.usage.input_tokens. Some
        // instrumentations copy Anthropic's disjoint buckets instead (input excludes the cache): when
        // the cache counts exceed the input count, the input count cannot include them.
        var uncached = usage.InputTokens - usage.CacheReadInputTokens - usage.CacheWriteInputTokens;
        if (uncached < 0)
        {
            uncached = usage.InputTokens;
        }
        var total = (uncached * InputPerMillion)
            + (usage.CacheReadInputTokens * (CachedInputPerMillion ?? InputPerMillion))
            + (usage.CacheWriteInputTokens * (CacheWriteInputPerMillion ?? InputPerMillion))
            + (usage.OutputTokens * OutputPerMillion);
        return total / TokensPerMillion;
    }

    /// <summary>Whether two entries charge the same for every kind of token.</summary>
    public bool SamePrices(ModelPrice other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InputPerMillion == other.InputPerMillion
            && OutputPerMillion == other.OutputPerMillion
            && (CachedInputPerMillion ?? InputPerMillion) == (other.CachedInputPerMillion ?? other.InputPerMillion)
            && (CacheWriteInputPerMillion ?? InputPerMillion) == (other.CacheWriteInputPerMillion ?? other.InputPerMillion);
    }
}

/// <summary>The token counts of one model call, as the GenAI conventions report them (input includes cached tokens).</summary>
public readonly record struct TokenUsage(long InputTokens, long OutputTokens, long CacheReadInputTokens = 0, long CacheWriteInputTokens = 0);
