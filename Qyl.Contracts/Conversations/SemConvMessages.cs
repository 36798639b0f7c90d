namespace Qyl.Contracts.Conversations;

/// <summary>
/// The current GenAI semantic conventions: <c>gen_ai.system_instructions</c>,
/// <c>gen_ai.input.messages</c> and <c>gen_ai.output.messages</c>, each a JSON string or a
/// structured value holding the schemas <c>gen-ai-system-instructions.json</c> (an array of parts),
/// <c>gen-ai-input-messages.json</c> (an array of <c>{ role, parts }</c>) and
/// <c>gen-ai-output-messages.json</c> (the same plus <c>finish_reason</c>).
/// </summary>
internal static class SemConvMessages
{
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";

    /// <summary>The three attributes, read from one attribute map in conversation order.</summary>
    public static void AddAll(IReadOnlyDictionary<string, object?> attributes, string? spanId, string source, List<ConversationMessage> into)
    {
        if (attributes.TryGetValue(SystemInstructions, out var system))
        {
            AddSystemInstructions(system, spanId, source, into);
        }
        if (attributes.TryGetValue(InputMessages, out var input))
        {
            AddMessages(input, MessageRoles.User, spanId, source, into);
        }
        if (attributes.TryGetValue(OutputMessages, out var output))
        {
            AddMessages(output, MessageRoles.Assistant, spanId, source, into);
        }
    }

    /// <summary>True when the map holds any of the three attributes.</summary>
    public static bool HasAny(IReadOnlyDictionary<string, object?> attributes) =>
        attributes.ContainsKey(SystemInstructions) || attributes.ContainsKey(InputMessages) || attributes.ContainsKey(OutputMessages);

    /// <summary>
    /// A list of messages. Text that is not JSON (or not messages) becomes one message of
    /// <paramref name="defaultRole"/> holding the raw text: ingest never fails on it, and the reader
    /// still sees what was sent.
    /// </summary>
    public static void AddMessages(object? value, string defaultRole, string? spanId, string source, List<ConversationMessage> into)
    {
        var plain = PlainValues.From(value);
        if (plain is string text)
        {
            if (!PlainValues.TryParseJson(text, out plain) || plain is not (object?[] or Dictionary<string, object?>))
            {
                AddRaw(text, defaultRole, spanId, source, into);
                return;
            }
        }
        switch (plain)
        {
            case null:
                return;
            case object?[] items:
                foreach (var item in items)
                {
                    into.Add(Message(item, defaultRole, spanId, source));
                }
                return;
            case Dictionary<string, object?> single:
                into.Add(Message(single, defaultRole, spanId, source));
                return;
            default:
                AddRaw(PlainValues.ToText(plain), defaultRole, spanId, source, into);
                return;
        }
    }

    /// <summary>System instructions: one system message whose parts are the array's parts.</summary>
    public static void AddSystemInstructions(object? value, string? spanId, string source, List<ConversationMessage> into)
    {
        var plain = PlainValues.From(value);
        if (plain is string text)
        {
            if (!PlainValues.TryParseJson(text, out plain) || plain is not (object?[] or Dictionary<string, object?>))
            {
                AddRaw(text, MessageRoles.System, spanId, source, into);
                return;
            }
        }
        var parts = new List<Dictionary<string, object?>>();
        switch (plain)
        {
            case null:
                return;
            case object?[] items:
                foreach (var item in items)
                {
                    if (item is Dictionary<string, object?> map && map.ContainsKey("parts"))
                    {
                        // Some producers send system instructions as whole messages.
                        into.Add(Message(map, MessageRoles.System, spanId, source));
                        continue;
                    }
                    parts.Add(item is string itemText ? MessageParts.Text(itemText) : MessageParts.FromSchemaPart(item));
                }
                break;
            default:
                parts.Add(MessageParts.FromSchemaPart(plain));
                break;
        }
        if (parts.Count > 0)
        {
            into.Add(new ConversationMessage { SpanId = spanId, Role = MessageRoles.System, Parts = parts, Source = source });
        }
    }

    private static ConversationMessage Message(object? item, string defaultRole, string? spanId, string source)
    {
        if (item is not Dictionary<string, object?> map)
        {
            return new ConversationMessage
            {
                SpanId = spanId,
                Role = defaultRole,
                Parts = [MessageParts.Text(PlainValues.ToText(item))],
                Source = source,
            };
        }
        var parts = new List<Dictionary<string, object?>>();
        if (map.TryGetValue("parts", out var rawParts))
        {
            if (rawParts is object?[] items)
            {
                foreach (var part in items)
                {
                    parts.Add(MessageParts.FromSchemaPart(part));
                }
            }
            else
            {
                MessageParts.AddContent(parts, rawParts);
            }
        }
        else
        {
            // Not the schema but close to it: OpenAI-shaped { role, content, tool_calls }.
            MessageParts.AddContent(parts, map.GetValueOrDefault("content"));
            LegacyEvents.AddToolCalls(parts, map.GetValueOrDefault("tool_calls"));
        }
        return new ConversationMessage
        {
            SpanId = spanId,
            Role = Roles.Normalize(PlainValues.Text(map, "role"), defaultRole),
            Parts = parts,
            FinishReason = PlainValues.Text(map, "finish_reason"),
            Source = source,
        };
    }

    private static void AddRaw(string text, string role, string? spanId, string source, List<ConversationMessage> into)
    {
        if (text.Length == 0)
        {
            return;
        }
        into.Add(new ConversationMessage { SpanId = spanId, Role = role, Parts = [MessageParts.Text(text)], Source = source });
    }
}
