using System.Runtime.Serialization;

namespace Qyl.Contracts;

/// <summary>
/// One message of a model call, normalized from whichever GenAI convention its producer used
/// (span attributes <c>gen_ai.input.messages</c> and friends, the
/// <c>gen_ai.client.inference.operation.details</c> event, or the older per-message events).
/// </summary>
[DataContract]
public sealed record ConversationMessage
{
    /// <summary>The span (model call or tool execution) the message belongs to.</summary>
    [DataMember(Name = "spanId")] public string? SpanId { get; init; }

    /// <summary>One of <see cref="MessageRoles"/>.</summary>
    [DataMember(Name = "role")] public required string Role { get; init; }

    /// <summary>
    /// The message's parts: <c>{ type: "text", content }</c>, <c>{ type: "tool_call", id, name, arguments }</c>,
    /// <c>{ type: "tool_call_response", id, response }</c>, or any other <c>{ type, ... }</c> passed through.
    /// </summary>
    [DataMember(Name = "parts")] public IReadOnlyList<Dictionary<string, object?>> Parts { get; init; } = [];

    /// <summary>Why the model stopped (<c>stop</c>, <c>tool_call</c>, <c>length</c>...), for output messages; else null.</summary>
    [DataMember(Name = "finishReason")] public string? FinishReason { get; init; }

    /// <summary>One of <see cref="MessageSources"/>: where qyl found the message.</summary>
    [DataMember(Name = "source")] public required string Source { get; init; }
}

/// <summary>The values of <see cref="ConversationMessage.Role"/>.</summary>
public static class MessageRoles
{
    /// <summary>System instructions.</summary>
    public const string System = "system";
    /// <summary>The user's message.</summary>
    public const string User = "user";
    /// <summary>The model's answer (text and tool calls).</summary>
    public const string Assistant = "assistant";
    /// <summary>A tool's result sent back to the model.</summary>
    public const string Tool = "tool";
}

/// <summary>The values of <see cref="ConversationMessage.Source"/>.</summary>
public static class MessageSources
{
    /// <summary>From span attributes (<c>gen_ai.input.messages</c>, <c>gen_ai.tool.call.arguments</c>...).</summary>
    public const string Attribute = "attribute";
    /// <summary>From a span event.</summary>
    public const string SpanEvent = "span_event";
    /// <summary>From an OTLP log record.</summary>
    public const string Log = "log";
}

/// <summary>The body of <c>GET /api/v1/traces/{traceId}/messages</c>, in conversation order.</summary>
public sealed record TraceMessages(string TraceId, IReadOnlyList<ConversationMessage> Messages);

/// <summary>The body of <c>GET /api/v1/sessions/{sessionId}/messages</c>, each repeated message once.</summary>
public sealed record SessionMessages(string SessionId, IReadOnlyList<ConversationMessage> Messages);
