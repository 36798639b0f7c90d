using System.Globalization;
using System.Text.Json;

namespace Qyl.Ingest.Pricing;

/// <summary>
/// The price file format, shared by the built-in table (<c>Pricing/prices.json</c>, embedded) and
/// <c>Qyl:Pricing:File</c>: <c>{"models": [{"provider", "model", "inputPerMillion",
/// "outputPerMillion", "cachedInputPerMillion"?, "cacheWriteInputPerMillion"?, "asOf"}]}</c>.
/// Read with <see cref="JsonDocument"/> rather than a serializer so a bad entry is reported by its
/// index, provider, model and field.
/// </summary>
public static class PriceFile
{
    private const string BuiltInResource = "Qyl.Ingest.Pricing.prices.json";

    /// <summary>The built-in table shipped in this assembly.</summary>
    public static IReadOnlyList<ModelPrice> BuiltIn()
    {
        using var stream = typeof(PriceFile).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"The embedded resource {BuiltInResource} is missing from Qyl.Ingest.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Parses <paramref name="json"/>; throws <see cref="PriceFileException"/> naming the bad entry and field.</summary>
    public static IReadOnlyList<ModelPrice> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new PriceFileException($"it is not valid JSON ({ex.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("models", out var models)
                || models.ValueKind != JsonValueKind.Array)
            {
                throw new PriceFileException("it must be an object with a \"models\" array");
            }
            var prices = new List<ModelPrice>(models.GetArrayLength());
            var index = 0;
            foreach (var entry in models.EnumerateArray())
            {
                prices.Add(ReadEntry(entry, index++));
            }
            return prices;
        }
    }

    private static ModelPrice ReadEntry(JsonElement entry, int index)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new PriceFileException($"models[{index}] must be an object");
        }
        var provider = Text(entry, "provider", index);
        var model = Text(entry, "model", index);
        var where = $"models[{index}] (provider \"{provider}\", model \"{model}\")";
        return new ModelPrice(
            provider,
            model,
            Price(entry, "inputPerMillion", where) ?? throw Missing(where, "inputPerMillion"),
            Price(entry, "outputPerMillion", where) ?? throw Missing(where, "outputPerMillion"),
            Price(entry, "cachedInputPerMillion", where),
            Price(entry, "cacheWriteInputPerMillion", where),
            Date(entry, where));
    }

    private static string Text(JsonElement entry, string name, int index)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new PriceFileException($"models[{index}]: \"{name}\" must be a non-empty string");
        }
        return value.GetString()!.Trim();
    }

    private static decimal? Price(JsonElement entry, string name, string where)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        // Decimal straight from the JSON text: 0.075 stays 0.075, not the double nearest to it.
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var price) || price < 0)
        {
            throw new PriceFileException($"{where}: \"{name}\" must be a number of USD per million tokens, 0 or more (found {value.GetRawText()})");
        }
        return price;
    }

    private static DateOnly Date(JsonElement entry, string where)
    {
        if (!entry.TryGetProperty("asOf", out var value) || value.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new PriceFileException($"{where}: \"asOf\" must be the date the price was taken, as \"yyyy-MM-dd\"");
        }
        return date;
    }

    private static PriceFileException Missing(string where, string name) =>
        new($"{where}: \"{name}\" is required (USD per million tokens)");
}

/// <summary>A price file that cannot be used; the message says which entry and field, without the file's name.</summary>
public sealed class PriceFileException(string message) : Exception(message);
