namespace Qyl.Ingest.Pricing;

/// <summary>The version suffixes providers put on model names, which the price table's names leave off.</summary>
internal static class ModelNames
{
    /// <summary>
    /// <paramref name="name"/> without its last version suffix, if it has one: <c>-latest</c>;
    /// <c>@20241022</c> (Vertex AI); <c>-2024-08-06</c> (OpenAI); <c>-20241022</c> (Anthropic);
    /// <c>-2411</c> or <c>-0125</c> (Mistral, older OpenAI); <c>-001</c> (Gemini). Applied repeatedly
    /// until the table knows the name or nothing is left to strip.
    /// </summary>
    public static bool TryStripVersion(ReadOnlySpan<char> name, out ReadOnlySpan<char> stripped)
    {
        stripped = name;
        if (name.EndsWith("-latest", StringComparison.OrdinalIgnoreCase))
        {
            stripped = name[..^"-latest".Length];
            return stripped.Length > 0;
        }
        var at = name.LastIndexOf('@');
        if (at > 0)
        {
            stripped = name[..at];
            return true;
        }
        if (name.Length > 11 && name[^11] == '-' && IsDate(name[^10..]))
        {
            stripped = name[..^11];
            return true;
        }
        var dash = name.LastIndexOf('-');
        if (dash > 0 && AllDigits(name[(dash + 1)..]) && (name.Length - dash - 1) is 3 or 4 or 8)
        {
            stripped = name[..dash];
            return true;
        }
        return false;
    }

    // yyyy-MM-dd
    private static bool IsDate(ReadOnlySpan<char> s) =>
        AllDigits(s[..4]) && s[4] == '-' && AllDigits(s[5..7]) && s[7] == '-' && AllDigits(s[8..]);

    private static bool AllDigits(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExcept("0123456789");
}
