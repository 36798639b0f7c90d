using System.Globalization;
using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Mcp;

/// <summary>
/// Reads a tool call's arguments against its schema. A bad argument becomes a <see cref="ToolArgumentException"/>
/// whose message names the argument, what it was and what it accepts, answered as a tool error the model can
/// correct, never as a protocol failure. Unknown argument names are refused too: a misspelt filter would
/// otherwise silently match everything.
/// </summary>
internal sealed class ToolArguments
{
    private readonly IDictionary<string, JsonElement> _values;

    public ToolArguments(QylToolDefinition tool, IDictionary<string, JsonElement>? values)
    {
        _values = values ?? new Dictionary<string, JsonElement>();
        var known = tool.InputSchema.GetProperty("properties");
        foreach (var name in _values.Keys)
        {
            if (!known.TryGetProperty(name, out _))
            {
                var accepted = string.Join(", ", known.EnumerateObject().Select(p => p.Name));
                throw new ToolArgumentException(
                    $"{tool.Name} has no argument '{name}'; it accepts {(accepted.Length == 0 ? "no arguments" : accepted)}.");
            }
        }
    }

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Bad(name, value, "a string");
        }
        var text = value.GetString();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ToolArgumentException($"Argument '{name}' is required and must be a non-empty string.");

    public string? OptionalTraceId(string name)
    {
        var text = OptionalString(name);
        if (text is null)
        {
            return null;
        }
        if (text.Length != 32 || !text.All(char.IsAsciiHexDigit))
        {
            throw new ToolArgumentException($"Argument '{name}' was '{Cut(text)}'; it must be 32 hexadecimal characters (a W3C trace id).");
        }
        return text.ToLowerInvariant();
    }

    public bool? OptionalBool(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Some clients send every argument as text; accept the two unambiguous spellings.
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw Bad(name, value, "true or false"),
        };
    }

    public long? OptionalLong(string name, long min, long max)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        long parsed;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out parsed),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out parsed),
            _ => Fail(out parsed),
        };
        if (!ok || parsed < min || parsed > max)
        {
            throw Bad(name, value, $"an integer from {min} to {max}");
        }
        return parsed;
    }

    public int Int(string name, int min, int max, int defaultValue) => (int)(OptionalLong(name, min, max) ?? defaultValue);

    public double Seconds(string name, double max, double defaultValue)
    {
        if (!TryGet(name, out var value))
        {
            return defaultValue;
        }
        double parsed;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out parsed),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out parsed),
            _ => Fail(out parsed),
        };
        if (!ok || !(parsed > 0) || parsed > max)
        {
            throw Bad(name, value, $"a number of seconds above 0 and at most {max}");
        }
        return parsed;
    }

    /// <summary><c>detail</c>: <c>summary</c> (default) or <c>full</c>.</summary>
    public bool Full()
    {
        var text = OptionalString("detail");
        return text switch
        {
            null or "summary" => false,
            "full" => true,
            _ => throw new ToolArgumentException($"Argument 'detail' was '{Cut(text)}'; it must be \"summary\" (the default) or \"full\"."),
        };
    }

    /// <summary>The contract's span filter from <c>serviceName</c>, <c>sessionId</c>, <c>traceId</c>, <c>genAiOnly</c>.</summary>
    public SpanFilter Filter() => new SpanFilter
    {
        ServiceName = OptionalString("serviceName"),
        SessionId = OptionalString("sessionId"),
        TraceId = OptionalTraceId("traceId"),
        GenAiOnly = OptionalBool("genAiOnly"),
    }.Normalize();

    private bool TryGet(string name, out JsonElement value) =>
        _values.TryGetValue(name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    private static bool Fail(out long parsed)
    {
        parsed = 0;
        return false;
    }

    private static bool Fail(out double parsed)
    {
        parsed = 0;
        return false;
    }

    private static ToolArgumentException Bad(string name, JsonElement value, string accepted) =>
        new($"Argument '{name}' was {Cut(value.GetRawText())}; it must be {accepted}.");

    // Echoing a huge value back would put it into the model's context a second time.
    private static string Cut(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}

/// <summary>A tool argument the caller can fix; answered as a tool error with this message.</summary>
internal sealed class ToolArgumentException(string message) : Exception(message);
