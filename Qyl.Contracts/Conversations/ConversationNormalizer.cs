namespace Qyl.Contracts.Conversations;

/// <summary>
/// Turns a trace's spans and log records into <see cref="ConversationMessage"/>s, whichever GenAI
/// convention the producer used: span attributes <c>gen_ai.system_instructions</c>,
/// <c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>; <c>gen_ai.tool.call.arguments</c>
/// and <c>gen_ai.tool.call.result</c> on tool spans; the <c>gen_ai.client.inference.operation.details</c>
/// event; and the older per-message events (<c>gen_ai.user.message</c>, <c>gen_ai.choice</c>...),
/// each as a span event or a log record. Pure (no I/O, no clock) and total: malformed message JSON
/// never throws, it shows as a text part holding the raw string.
/// </summary>
/// <remarks>
/// Attribute values may be the plain values qyl's decoders produce or <see cref="System.Text.Json.JsonElement"/>s
/// (records received over the hub's JSON protocol); both read the same.
/// </remarks>
public static class ConversationNormalizer
{
    /// <summary>The event that carries a whole model call's messages as attributes.</summary>
    public const string OperationDetailsEvent = "gen_ai.client.inference.operation.details";

    private const string ToolCallArguments = "gen_ai.tool.call.arguments";
    private const string ToolCallResult = "gen_ai.tool.call.result";

    /// <summary>
    /// Every message of a trace in conversation order: spans by start time (then seq), each span's
    /// own messages in position order (system instructions, input, output, tool call, tool result,
    /// then its events), then the log records of that span by time. Log records whose span is not
    /// among <paramref name="spans"/> take their place by their own time.
    /// </summary>
    public static IReadOnlyList<ConversationMessage> FromTrace(IEnumerable<SpanRecord> spans, IEnumerable<LogRecord>? logs = null)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var ordered = spans.OrderBy(s => s.StartTimeUnixNano).ThenBy(s => s.Seq).ToList();
        var spanIds = new HashSet<string>(ordered.Select(s => s.SpanId), StringComparer.Ordinal);
        var logsBySpan = new Dictionary<string, List<LogRecord>>(StringComparer.Ordinal);
        var orphans = new List<LogRecord>();
        foreach (var log in (logs ?? []).OrderBy(l => l.TimeUnixNano).ThenBy(l => l.Seq))
        {
            if (log.SpanId is { } spanId && spanIds.Contains(spanId))
            {
                if (!logsBySpan.TryGetValue(spanId, out var list))
                {
                    logsBySpan[spanId] = list = [];
                }
                list.Add(log);
            }
            else
            {
                orphans.Add(log);
            }
        }

        var messages = new List<ConversationMessage>();
        var orphanIndex = 0;
        foreach (var span in ordered)
        {
            // An orphan record at or before this span's start belongs before it.
            while (orphanIndex < orphans.Count && orphans[orphanIndex].TimeUnixNano < span.StartTimeUnixNano)
            {
                AddLog(orphans[orphanIndex++], messages);
            }
            AddSpan(span, messages);
            if (logsBySpan.TryGetValue(span.SpanId, out var spanLogs))
            {
                foreach (var log in spanLogs)
                {
                    AddLog(log, messages);
                }
            }
        }
        while (orphanIndex < orphans.Count)
        {
            AddLog(orphans[orphanIndex++], messages);
        }
        return messages;
    }

    /// <summary>The messages one span carries in its attributes and events, in position order.</summary>
    public static IReadOnlyList<ConversationMessage> FromSpan(SpanRecord span)
    {
        ArgumentNullException.ThrowIfNull(span);
        var messages = new List<ConversationMessage>();
        AddSpan(span, messages);
        return messages;
    }

    /// <summary>The messages one log record carries (none for a record that is not a GenAI event).</summary>
    public static IReadOnlyList<ConversationMessage> FromLog(LogRecord log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var messages = new List<ConversationMessage>();
        AddLog(log, messages);
        return messages;
    }

    private static void AddSpan(SpanRecord span, List<ConversationMessage> into)
    {
        var attributes = span.Attributes;
        SemConvMessages.AddAll(attributes, span.SpanId, MessageSources.Attribute, into);
        AddToolExecution(span, into);
        foreach (var spanEvent in span.Events)
        {
            AddEvent(spanEvent.Name, body: null, spanEvent.Attributes, span.SpanId, MessageSources.SpanEvent, into);
        }
    }

    private static void AddLog(LogRecord log, List<ConversationMessage> into)
    {
        if (log.EventName is { } name)
        {
            AddEvent(name, log.Body, log.Attributes, log.SpanId, MessageSources.Log, into);
        }
    }

    private static void AddEvent(string name, object? body, IReadOnlyDictionary<string, object?> attributes, string? spanId, string source, List<ConversationMessage> into)
    {
        if (name == OperationDetailsEvent)
        {
            // The event's messages are attributes; a log record may carry them in a map body instead.
            if (!SemConvMessages.HasAny(attributes) && PlainValues.Structured(body) is Dictionary<string, object?> map)
            {
                attributes = map;
            }
            SemConvMessages.AddAll(attributes, spanId, source, into);
        }
        else if (LegacyEvents.Handles(name))
        {
            LegacyEvents.Add(name, body, attributes, spanId, source, into);
        }
    }

    // An execute_tool span records one call: the model's request (arguments) and the tool's answer
    // (result), shown as the assistant's tool call and the tool's response so they read like the chat.
    private static void AddToolExecution(SpanRecord span, List<ConversationMessage> into)
    {
        var attributes = span.Attributes;
        var hasArguments = attributes.TryGetValue(ToolCallArguments, out var arguments);
        var hasResult = attributes.TryGetValue(ToolCallResult, out var result);
        if (!hasArguments && !hasResult)
        {
            return;
        }
        var id = PlainValues.ScalarText(attributes.GetValueOrDefault("gen_ai.tool.call.id"));
        var name = span.GenAi?.ToolName ?? PlainValues.ScalarText(attributes.GetValueOrDefault("gen_ai.tool.name"));
        if (hasArguments)
        {
            into.Add(new ConversationMessage
            {
                SpanId = span.SpanId,
                Role = MessageRoles.Assistant,
                Parts = [MessageParts.ToolCall(id, name, arguments)],
                Source = MessageSources.Attribute,
            });
        }
        if (hasResult)
        {
            into.Add(new ConversationMessage
            {
                SpanId = span.SpanId,
                Role = MessageRoles.Tool,
                Parts = [MessageParts.ToolCallResponse(id, result)],
                Source = MessageSources.Attribute,
            });
        }
    }
}
