using System.Globalization;
using System.Text.Json.Nodes;

namespace Qyl.Mcp;

/// <summary>
/// Keeps a tool result small enough for a model's context: every string value longer than
/// <see cref="MaxChars"/> is cut to its first <see cref="MaxChars"/> characters with a marker saying how long it
/// was, and the result carries a note saying so (a prompt or a tool result of 50 KB would otherwise fill
/// the context by itself). Lists stop once the result reaches <see cref="MaxResultChars"/>.
/// </summary>
internal sealed class ContentCutter
{
    /// <summary>Longest string value kept whole (characters). Long enough for a prompt's gist or a stack trace's top.</summary>
    public const int MaxChars = 2000;

    /// <summary>Result size (characters of JSON) after which lists stop: about 20,000 tokens.</summary>
    public const int MaxResultChars = 80_000;

    private int _cutValues;
    private int _longestCut;

    /// <summary>Cuts long strings in <paramref name="node"/> in place and returns it.</summary>
    public JsonNode? Cut(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    if (TryCutString(child, out var replaced))
                    {
                        obj[key] = replaced;
                    }
                    else
                    {
                        Cut(child);
                    }
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (TryCutString(array[i], out var replaced))
                    {
                        array[i] = replaced;
                    }
                    else
                    {
                        Cut(array[i]);
                    }
                }
                return array;
            default:
                return TryCutString(node, out var cut) ? cut : node;
        }
    }

    /// <summary>Cuts one text value (a name, a message) the same way.</summary>
    public string? Cut(string? text)
    {
        if (text is null || text.Length <= MaxChars)
        {
            return text;
        }
        _cutValues++;
        _longestCut = Math.Max(_longestCut, text.Length);
        return string.Concat(text.AsSpan(0, MaxChars), "…[cut: ", text.Length.ToString(CultureInfo.InvariantCulture), " chars in all]");
    }

    /// <summary>The note for the result, or null when nothing was cut.</summary>
    public string? Note => _cutValues == 0
        ? null
        : $"{_cutValues} value(s) longer than {MaxChars} characters were cut to their first {MaxChars} (marked '…[cut: N chars in all]'; the longest had {_longestCut}). Full values: GET /api/v1/traces/{{traceId}} on the hub.";

    private bool TryCutString(JsonNode? node, out JsonNode? replaced)
    {
        replaced = null;
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > MaxChars)
        {
            replaced = JsonValue.Create(Cut(text));
            return true;
        }
        return false;
    }
}
