using Qyl.Contracts;

namespace Qyl.Ingest.Pricing;

/// <summary>
/// Model prices by model name, with the matching rules: the response model, then the request model;
/// each exactly, then without its version suffix (<see cref="ModelNames.TryStripVersion"/>). Where
/// several providers price one name, the span's provider picks; a span without a matching provider
/// gets a price only when they all agree. Otherwise, and for an unknown model, no price: never a guess.
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice[]> _byModel;
    private readonly Dictionary<string, ModelPrice[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>A table of <paramref name="entries"/>; a later entry for the same provider and model replaces an earlier one.</summary>
    public PriceTable(IEnumerable<ModelPrice> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byKey = new Dictionary<(string Provider, string Model), ModelPrice>(ProviderModelComparer.Instance);
        foreach (var entry in entries)
        {
            byKey[(entry.Provider, entry.Model)] = entry;
        }
        Count = byKey.Count;
        _byModel = byKey.Values
            .GroupBy(e => e.Model, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
        _lookup = _byModel.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The built-in table (<c>Pricing/prices.json</c>).</summary>
    public static PriceTable BuiltIn { get; } = new(PriceFile.BuiltIn());

    /// <summary>Entries in the table.</summary>
    public int Count { get; }

    /// <summary>The price of a model call: <paramref name="responseModel"/> first, then <paramref name="requestModel"/>.</summary>
    public ModelPrice? Find(string? provider, string? responseModel, string? requestModel) =>
        FindModel(provider, responseModel) ?? FindModel(provider, requestModel);

    /// <summary>The cost of <paramref name="genAi"/> in USD, or null without tokens or a known price.</summary>
    public decimal? Cost(GenAiInfo genAi, long cacheReadInputTokens, long cacheWriteInputTokens)
    {
        ArgumentNullException.ThrowIfNull(genAi);
        if (genAi.InputTokens is null && genAi.OutputTokens is null)
        {
            return null;
        }
        var price = Find(genAi.ProviderName, genAi.ResponseModel, genAi.RequestModel);
        return price?.Cost(new TokenUsage(genAi.InputTokens ?? 0, genAi.OutputTokens ?? 0, cacheReadInputTokens, cacheWriteInputTokens));
    }

    private ModelPrice? FindModel(string? provider, string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }
        // Span slices, so a dated name that misses costs no allocation per span.
        var name = model.AsSpan().Trim();
        while (true)
        {
            if (_lookup.TryGetValue(name, out var candidates))
            {
                // A name in the table is that model: a collision among its providers is not resolved
                // by trying a shorter name.
                return Choose(candidates, provider);
            }
            if (!ModelNames.TryStripVersion(name, out name))
            {
                return null;
            }
        }
    }

    private static ModelPrice? Choose(ModelPrice[] candidates, string? provider)
    {
        if (provider is not null)
        {
            foreach (var candidate in candidates)
            {
                if (string.Equals(candidate.Provider, provider, StringComparison.OrdinalIgnoreCase))
                {
                    return candidate;
                }
            }
        }
        // No entry for the span's provider (or none named): OpenAI-compatible clients often report
        // "openai" for other hosts, so a name only one price exists for is still that price.
        for (var i = 1; i < candidates.Length; i++)
        {
            if (!candidates[0].SamePrices(candidates[i]))
            {
                return null;
            }
        }
        return candidates[0];
    }

    private sealed class ProviderModelComparer : IEqualityComparer<(string Provider, string Model)>
    {
        public static readonly ProviderModelComparer Instance = new();

        public bool Equals((string Provider, string Model) x, (string Provider, string Model) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Provider, y.Provider) && StringComparer.OrdinalIgnoreCase.Equals(x.Model, y.Model);

        public int GetHashCode((string Provider, string Model) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Provider), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Model));
    }
}
