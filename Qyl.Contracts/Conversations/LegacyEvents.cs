namespace Qyl.Contracts.Conversations;

/// <summary>
/// The older GenAI conventions: one event per message (<c>gen_ai.system.message</c>,
/// <c>gen_ai.user.message</c>, <c>gen_ai.assistant.message</c>, <c>gen_ai.tool.message</c>,
/// <c>gen_ai.choice</c>), whose fields (<c>content</c>, <c>role</c>, <c>tool_calls</c>, <c>id</c>,
/// <c>message</c>, <c>finish_reason</c>, <c>index</c>) sit in a log record's body or in a span
/// event's attributes; and the earlier still <c>gen_ai.content.prompt</c> /
/// <c>gen_ai.content.completion</c> span events carrying <c>gen_ai.prompt</c> /
/// <c>gen_ai.completion</c> (what Semantic Kernel sent).
/// </summary>
internal static class LegacyEvents
{
    public const string SystemMessage = "gen_ai.system.message";
    public const string UserMessage = "gen_ai.user.message";
    public const string AssistantMessage = "gen_ai.assistant.message";
    public const string ToolMessage = "gen_ai.tool.message";
    public const string Choice = "gen_ai.choice";
    public const string ContentPrompt = "gen_ai.content.prompt";
    public const string ContentCompletion = "gen_ai.content.completion";

    // Azure's and other early instrumentations put an event's whole body, as JSON, in this attribute
    // of a span event, because span events have no body.
    private const string EventContentAttribute = "gen_ai.event.content";

    private static readonly string[] FieldNames = ["content", "role", "tool_calls", "id", "message", "finish_reason", "index"];

    /// <summary>True for the names this class reads.</summary>
    public static bool Handles(string? eventName) => eventName is SystemMessage or UserMessage or AssistantMessage
        or ToolMessage or Choice or ContentPrompt or ContentCompletion;

    /// <summary>
    /// The message of one event. <paramref name="body"/> is the log record's body (null for a span
    /// event); fields missing from the body are read from <paramref name="attributes"/>.
    /// </summary>
    public static void Add(string eventName, object? body, IReadOnlyDictionary<string, object?> attributes, string? spanId, string source, List<ConversationMessage> into)
    {
        switch (eventName)
        {
            case ContentPrompt:
                SemConvMessages.AddMessages(attributes.GetValueOrDefault("gen_ai.prompt"), MessageRoles.User, spanId, source, into);
                return;
            case ContentCompletion:
                SemConvMessages.AddMessages(attributes.GetValueOrDefault("gen_ai.completion"), MessageRoles.Assistant, spanId, source, into);
                return;
        }
        var fields = Fields(body, attributes);
        switch (eventName)
        {
            case SystemMessage:
                into.Add(Simple(fields, MessageRoles.System, spanId, source));
                break;
            case UserMessage:
                into.Add(Simple(fields, MessageRoles.User, spanId, source));
                break;
            case AssistantMessage:
                into.Add(Simple(fields, MessageRoles.Assistant, spanId, source));
                break;
            case ToolMessage:
                into.Add(new ConversationMessage
                {
                    SpanId = spanId,
                    Role = Roles.Normalize(PlainValues.Text(fields, "role"), MessageRoles.Tool),
                    Parts = [MessageParts.ToolCallResponse(PlainValues.Text(fields, "id"), fields.GetValueOrDefault("content"))],
                    Source = source,
                });
                break;
            case Choice:
                // The message sits under "message"; producers that flattened it put its fields beside index.
                var message = PlainValues.Structured(fields.GetValueOrDefault("message")) as Dictionary<string, object?> ?? fields;
                var parts = new List<Dictionary<string, object?>>();
                MessageParts.AddContent(parts, message.GetValueOrDefault("content"));
                AddToolCalls(parts, message.GetValueOrDefault("tool_calls") ?? fields.GetValueOrDefault("tool_calls"));
                into.Add(new ConversationMessage
                {
                    SpanId = spanId,
                    Role = Roles.Normalize(PlainValues.Text(message, "role"), MessageRoles.Assistant),
                    Parts = parts,
                    FinishReason = PlainValues.Text(fields, "finish_reason"),
                    Source = source,
                });
                break;
        }
    }

    /// <summary>
    /// OpenAI-shaped tool calls, <c>[{ id, type: "function", function: { name, arguments } }]</c>,
    /// also accepting <c>name</c> and <c>arguments</c> beside <c>id</c> as some producers flatten them.
    /// </summary>
    public static void AddToolCalls(List<Dictionary<string, object?>> parts, object? toolCalls)
    {
        if (toolCalls is string text && PlainValues.TryParseJson(text, out var parsed))
        {
            toolCalls = parsed;
        }
        var calls = toolCalls switch
        {
            object?[] items => items,
            Dictionary<string, object?> single => [single],
            _ => [],
        };
        foreach (var call in calls)
        {
            if (call is not Dictionary<string, object?> map)
            {
                continue;
            }
            var function = map.GetValueOrDefault("function") as Dictionary<string, object?> ?? map;
            parts.Add(MessageParts.ToolCall(
                PlainValues.Text(map, "id"),
                PlainValues.Text(function, "name"),
                function.GetValueOrDefault("arguments")));
        }
    }

    private static ConversationMessage Simple(Dictionary<string, object?> fields, string role, string? spanId, string source)
    {
        var parts = new List<Dictionary<string, object?>>();
        MessageParts.AddContent(parts, fields.GetValueOrDefault("content"));
        AddToolCalls(parts, fields.GetValueOrDefault("tool_calls"));
        return new ConversationMessage
        {
            SpanId = spanId,
            Role = Roles.Normalize(PlainValues.Text(fields, "role"), role),
            Parts = parts,
            Source = source,
        };
    }

    private static Dictionary<string, object?> Fields(object? body, IReadOnlyDictionary<string, object?> attributes)
    {
        var fields = PlainValues.From(body) switch
        {
            Dictionary<string, object?> map => map,
            string text when PlainValues.TryParseJson(text, out var parsed) && parsed is Dictionary<string, object?> map => map,
            // A body that is plain text (or malformed JSON) is the message's content, shown as sent.
            string text => new Dictionary<string, object?>(StringComparer.Ordinal) { ["content"] = text },
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            var other => new Dictionary<string, object?>(StringComparer.Ordinal) { ["content"] = other },
        };
        if (attributes.TryGetValue(EventContentAttribute, out var eventContent))
        {
            var plain = PlainValues.From(eventContent);
            if (plain is string text && PlainValues.TryParseJson(text, out var parsed))
            {
                plain = parsed;
            }
            if (plain is Dictionary<string, object?> map)
            {
                foreach (var (key, value) in map)
                {
                    fields.TryAdd(key, value);
                }
            }
            else if (plain is not null)
            {
                fields.TryAdd("content", plain);
            }
        }
        foreach (var name in FieldNames)
        {
            if (!fields.ContainsKey(name) && attributes.TryGetValue(name, out var value))
            {
                fields[name] = PlainValues.From(value);
            }
        }
        return fields;
    }
}
