namespace Qyl.Contracts.Conversations;

/// <summary>
/// Builds and normalizes message parts (<see cref="ConversationMessage.Parts"/>): the part types
/// of the GenAI semantic conventions' message schemas, plus the shapes older producers used.
/// </summary>
internal static class MessageParts
{
    public static Dictionary<string, object?> Text(string content) => new(StringComparer.Ordinal)
    {
        ["type"] = "text",
        ["content"] = content,
    };

    public static Dictionary<string, object?> ToolCall(string? id, string? name, object? arguments) => new(StringComparer.Ordinal)
    {
        ["type"] = "tool_call",
        ["id"] = id,
        ["name"] = name,
        ["arguments"] = PlainValues.Structured(arguments),
    };

    public static Dictionary<string, object?> ToolCallResponse(string? id, object? response) => new(StringComparer.Ordinal)
    {
        ["type"] = "tool_call_response",
        ["id"] = id,
        ["response"] = PlainValues.Structured(response),
    };

    /// <summary>
    /// One part of the semantic conventions' schema, already plain. <c>text</c>, <c>tool_call</c> and
    /// <c>tool_call_response</c> are checked for the fields the contract promises; every other type
    /// (<c>blob</c>, <c>file_data</c>, <c>uri</c>, <c>reasoning</c>, custom types) passes through whole.
    /// A part that is not an object becomes a text part, so nothing the producer sent is lost.
    /// </summary>
    public static Dictionary<string, object?> FromSchemaPart(object? part)
    {
        if (part is not Dictionary<string, object?> map)
        {
            return Text(PlainValues.ToText(part));
        }
        switch (PlainValues.Text(map, "type"))
        {
            case "text":
                if (map.TryGetValue("content", out var content) && content is string)
                {
                    return map;
                }
                // OpenAI-shaped text parts name the field "text".
                var copy = new Dictionary<string, object?>(map, StringComparer.Ordinal) { ["content"] = PlainValues.ToText(map.GetValueOrDefault("content") ?? map.GetValueOrDefault("text")) };
                copy.Remove("text");
                return copy;
            case "tool_call":
                if (map.TryGetValue("arguments", out var arguments) && arguments is string)
                {
                    // Arguments as JSON text (the OpenAI wire shape) read as the structure they encode.
                    return new Dictionary<string, object?>(map, StringComparer.Ordinal) { ["arguments"] = PlainValues.Structured(arguments) };
                }
                return map;
            case "tool_call_response":
                if (map.TryGetValue("response", out var response) && response is string)
                {
                    return new Dictionary<string, object?>(map, StringComparer.Ordinal) { ["response"] = PlainValues.Structured(response) };
                }
                return map;
            case null:
                // Not the schema (no type): keep it whole, typed so a reader can tell.
                return new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "unknown", ["value"] = map };
            default:
                return map;
        }
    }

    /// <summary>
    /// The parts of an older-convention <c>content</c> field: a string is one text part; an array is
    /// content parts (<c>{ type: "text", text }</c> as OpenAI sends them, others passed through); an
    /// object with a <c>type</c> is one part; anything else is its JSON as text. Null is no part.
    /// </summary>
    public static void AddContent(List<Dictionary<string, object?>> parts, object? content)
    {
        switch (content)
        {
            case null:
                return;
            case string text:
                parts.Add(Text(text));
                return;
            case object?[] items:
                foreach (var item in items)
                {
                    parts.Add(item is string itemText ? Text(itemText) : FromSchemaPart(item));
                }
                return;
            case Dictionary<string, object?> map when map.ContainsKey("type"):
                parts.Add(FromSchemaPart(map));
                return;
            default:
                parts.Add(Text(PlainValues.ToText(content)));
                return;
        }
    }
}
