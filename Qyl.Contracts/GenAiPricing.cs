namespace Qyl.Contracts;

/// <summary>The one rule of what <c>unpricedSpans</c> counts, shared by the stores and the MCP tools.</summary>
public static class GenAiPricing
{
    /// <summary>A GenAI span with token counts but no known price: left out of <c>costUsd</c>, counted as <c>unpricedSpans</c>.</summary>
    public static bool IsUnpriced(SpanRecord span) => IsUnpriced(span?.GenAi);

    /// <summary>The same rule on a span's GenAI block alone (null: not a GenAI span, so not unpriced).</summary>
    public static bool IsUnpriced(GenAiInfo? genAi) =>
        genAi is { CostUsd: null } && (genAi.InputTokens is not null || genAi.OutputTokens is not null);
}
