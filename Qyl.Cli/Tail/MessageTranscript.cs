using System.Globalization;
using System.Text;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Contracts.Conversations;

namespace Qyl.Cli.Tail;

/// <summary>
/// <c>qyl tail --messages</c>: each model call's new messages as a chat transcript. A call re-sends
/// the whole history, so a message already printed for the same conversation (the span's session,
/// else its trace) is not printed again (<see cref="ShownMessages"/> says what "the same" means).
/// </summary>
internal sealed class MessageTranscript(bool color, bool json)
{
    private const string Reset = "\u001b[0m";
    private const string Dim = "\u001b[2m";
    private const string Bold = "\u001b[1m";
    private const string Blue = "\u001b[34m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Magenta = "\u001b[35m";

    // Role column width: "assistant" plus a space.
    private const int RoleWidth = 10;

    // Arguments and results can be whole documents; a transcript line shows their start.
    private const int MaxInlineChars = 400;

    // A tail can follow many conversations for hours; the oldest conversations are forgotten past
    // this many (a message of a forgotten one would print again, which is harmless).
    private const int MaxConversations = 1024;

    private readonly Dictionary<string, ShownMessages> _conversations = new(StringComparer.Ordinal);
    private readonly Queue<string> _conversationOrder = new();
    private string? _lastCall;

    /// <summary>The lines for the span's new messages; none when it carries nothing new.</summary>
    public IReadOnlyList<string> Format(SpanRecord span)
    {
        var shown = Conversation(span.SessionId, span.TraceId);
        // A span carries all its messages at once: TakeNew, so a replayed span adds nothing.
        return Lines(shown.TakeNew(ConversationNormalizer.FromSpan(span)), span.Name, span.SessionId, span.TraceId, span.SpanId);
    }

    /// <summary>The lines for the log record's new message (older instrumentations send one record per message).</summary>
    public IReadOnlyList<string> Format(LogRecord log)
    {
        var messages = ConversationNormalizer.FromLog(log);
        if (messages.Count == 0)
        {
            return [];
        }
        // A call's messages arrive one record at a time here, so they are counted as they come.
        var shown = Conversation(log.SessionId, log.TraceId ?? "");
        return Lines(messages.Where(shown.TryShow).ToList(), log.ServiceName, log.SessionId, log.TraceId ?? "", log.SpanId ?? "");
    }

    private IReadOnlyList<string> Lines(IReadOnlyList<ConversationMessage> fresh, string title, string? sessionId, string traceId, string spanId)
    {
        if (fresh.Count == 0)
        {
            return [];
        }
        if (json)
        {
            return fresh.Select(m => JsonSerializer.Serialize(m, QylJsonContext.Default.ConversationMessage)).ToList();
        }
        var lines = new List<string>();
        // One header per call: the log records of one call follow each other under one.
        var call = traceId + "/" + spanId;
        if (call != _lastCall)
        {
            lines.Add(Header(title, sessionId, traceId, spanId));
            _lastCall = call;
        }
        foreach (var message in fresh)
        {
            AddMessage(lines, message);
        }
        return lines;
    }

    private ShownMessages Conversation(string? sessionId, string traceId)
    {
        var key = sessionId is { Length: > 0 } ? "s:" + sessionId : "t:" + traceId;
        if (!_conversations.TryGetValue(key, out var shown))
        {
            _conversations[key] = shown = new ShownMessages();
            _conversationOrder.Enqueue(key);
            if (_conversationOrder.Count > MaxConversations)
            {
                _conversations.Remove(_conversationOrder.Dequeue());
            }
        }
        return shown;
    }

    private string Header(string title, string? sessionId, string traceId, string spanId)
    {
        var sb = new StringBuilder("── ");
        sb.Append(title);
        if (sessionId is { Length: > 0 } session)
        {
            sb.Append(" · session ").Append(session);
        }
        sb.Append(CultureInfo.InvariantCulture, $" · {Short(traceId)}/{Short(spanId)}");
        return Paint(Dim, sb.ToString());
    }

    private void AddMessage(List<string> lines, ConversationMessage message)
    {
        var role = Paint(RoleColor(message.Role), message.Role.PadRight(RoleWidth));
        var indent = new string(' ', RoleWidth);
        var first = true;
        void Add(string text)
        {
            foreach (var line in text.Split('\n'))
            {
                lines.Add((first ? role : indent) + line.TrimEnd('\r'));
                first = false;
            }
        }
        foreach (var part in message.Parts)
        {
            Add(PartText(part));
        }
        if (first)
        {
            Add(Paint(Dim, "(no content recorded)"));
        }
        // A reason worth reading (length, content_filter...) ends the message's last line; "stop" and
        // a tool-call reason beside the tool call it names say nothing the lines above do not.
        if (message.FinishReason is { } reason && reason != "stop" && !(IsToolCallReason(reason) && HasToolCall(message)))
        {
            lines[^1] += " " + Paint(Dim, $"[{reason}]");
        }
    }

    private static bool IsToolCallReason(string reason) => reason is "tool_call" or "tool_calls";

    private static bool HasToolCall(ConversationMessage message) =>
        message.Parts.Any(part => part.GetValueOrDefault("type") as string == "tool_call");

    private string PartText(Dictionary<string, object?> part)
    {
        var type = part.GetValueOrDefault("type") as string;
        switch (type)
        {
            case "text":
                return part.GetValueOrDefault("content") as string ?? Compact(part.GetValueOrDefault("content"));
            case "tool_call":
                var name = part.GetValueOrDefault("name") as string ?? "?";
                var id = part.GetValueOrDefault("id") is string callId ? Paint(Dim, $" [{callId}]") : "";
                return Paint(Yellow, $"→ {name}(") + Compact(part.GetValueOrDefault("arguments")) + Paint(Yellow, ")") + id;
            case "tool_call_response":
                var responseId = part.GetValueOrDefault("id") is string rid ? Paint(Dim, $"[{rid}] ") : "";
                var response = part.GetValueOrDefault("response");
                return Paint(Green, "← ") + responseId + (response as string ?? Compact(response));
            default:
                // Images, files, reasoning and custom parts: their type and a compact look at the rest.
                var rest = part.Where(p => p.Key != "type").ToDictionary(p => p.Key, p => p.Value);
                return Paint(Dim, $"[{type ?? "part"}] ") + Compact(rest);
        }
    }

    private static string Compact(object? value)
    {
        if (value is null)
        {
            return "";
        }
        var text = value is string s ? s : JsonSerializer.Serialize(value as object?[] ?? [value], QylJsonContext.Default.ObjectArray)[1..^1];
        text = text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        return text.Length <= MaxInlineChars ? text : string.Concat(text.AsSpan(0, MaxInlineChars), "…");
    }

    private static string RoleColor(string role) => role switch
    {
        MessageRoles.System => Dim,
        MessageRoles.User => Bold + Blue,
        MessageRoles.Assistant => Magenta,
        MessageRoles.Tool => Green,
        _ => "",
    };

    private static string Short(string id) => id.Length <= 8 ? id : id[..8];

    private string Paint(string ansi, string text) => color && ansi.Length > 0 ? ansi + text + Reset : text;
}
