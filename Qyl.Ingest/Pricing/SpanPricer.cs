using System.Globalization;
using Qyl.Contracts;

namespace Qyl.Ingest.Pricing;

/// <summary>Prices the model calls of a decoded batch before it is stored and published.</summary>
public sealed class SpanPricer(PriceTable table)
{
    /// <summary>GenAI semantic conventions: input tokens served from the provider's cache (counted in input_tokens).</summary>
    public const string CacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";

    /// <summary>GenAI semantic conventions: input tokens written to the provider's cache (counted in input_tokens).</summary>
    public const string CacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens";

    /// <summary>The table in use.</summary>
    public PriceTable Table => table;

    /// <summary>Sets <see cref="GenAiInfo.CostUsd"/> on every span of <paramref name="spans"/> that has tokens and a known price.</summary>
    /// <remarks>Call only on records no one else has seen (a freshly decoded batch).</remarks>
    public void Price(IReadOnlyList<SpanRecord> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        for (var i = 0; i < spans.Count; i++)
        {
            // Non-GenAI spans cost one null check.
            if (spans[i].GenAi is { } genAi)
            {
                genAi.AssignCost(CostUsd(spans[i]));
            }
        }
    }

    /// <summary>The cost of <paramref name="span"/> in USD, or null (no GenAI tokens, or no known price).</summary>
    public double? CostUsd(SpanRecord span)
    {
        ArgumentNullException.ThrowIfNull(span);
        if (span.GenAi is not { } genAi)
        {
            return null;
        }
        var cost = table.Cost(genAi, Count(span, CacheReadInputTokens), Count(span, CacheCreationInputTokens));
        return cost is null ? null : (double)cost.Value;
    }

    /// <summary>A GenAI span with token counts but no known price: counted as <c>unpricedSpans</c> (<see cref="GenAiPricing.IsUnpriced"/>).</summary>
    public static bool IsUnpriced(SpanRecord span) => GenAiPricing.IsUnpriced(span);

    // Token counts as the lifted ones: an int, a whole double or a numeric string; anything else is absent.
    private static long Count(SpanRecord span, string key) =>
        span.Attributes.TryGetValue(key, out var value) ? value switch
        {
            long l when l > 0 => l,
            double d when d > 0 && d < 9e18 && d == Math.Floor(d) => (long)d,
            string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 => parsed,
            _ => 0,
        } : 0;
}
