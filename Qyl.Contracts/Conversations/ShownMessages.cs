using System.Security.Cryptography;
using System.Text;

namespace Qyl.Contracts.Conversations;

/// <summary>
/// Which messages of one conversation (a session, or a trace without one) were already shown, so a
/// view can show each message once although every chat call re-sends the whole history.
/// </summary>
/// <remarks>
/// <para>
/// Two messages are the same when their role and their parts (type and content of each part, in
/// order; keys within a part in any order) are equal. The span, the source and the finish reason are left out on purpose: the same
/// history message arrives from a different span on every call, from an attribute on one producer
/// and a log record on another, and the assistant's answer carries <c>finish_reason</c> when it is
/// produced but not when the next call re-sends it.
/// </para>
/// <para>
/// Equal content is not always a repeat: a user may say "yes" twice. So repeats are counted per
/// call (per span): the n-th occurrence of a message within one call is new only when no earlier
/// call held it n times. The second "yes" is in the next call's history twice, once more than
/// anything shown, so it is shown; the re-sent first one is not. A message without a span counts
/// as its own call.
/// </para>
/// <para>
/// A tool call is also recorded by its tool span (<c>gen_ai.tool.call.arguments</c>), as a message
/// of its own beside the model's answer that requested it (which may hold text too). A message made
/// only of tool calls and tool results already shown, by id and content, inside any shown message is
/// therefore a repeat as well.
/// </para>
/// </remarks>
public sealed class ShownMessages
{
    // A long `qyl tail --messages` sees an unbounded number of calls; the per-call counts are only
    // needed while a call's messages are still arriving (its log records trickle in), so the oldest
    // calls are forgotten past this many.
    private const int MaxTrackedCalls = 4096;

    private readonly Dictionary<UInt128, int> _shownCounts = [];
    private readonly Dictionary<string, Dictionary<UInt128, int>> _callCounts = new(StringComparer.Ordinal);
    private readonly Queue<string> _callOrder = new();
    private readonly HashSet<UInt128> _shownToolParts = [];

    /// <summary>
    /// Notes <paramref name="message"/> as seen and returns true when it is new (to be shown), false
    /// when it repeats a message already shown.
    /// </summary>
    public bool TryShow(ConversationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = Identity(message);
        var inCall = 1;
        if (message.SpanId is { } spanId)
        {
            if (!_callCounts.TryGetValue(spanId, out var counts))
            {
                _callCounts[spanId] = counts = [];
                _callOrder.Enqueue(spanId);
                if (_callOrder.Count > MaxTrackedCalls)
                {
                    _callCounts.Remove(_callOrder.Dequeue());
                }
            }
            inCall = counts.GetValueOrDefault(key) + 1;
            counts[key] = inCall;
        }
        var shown = _shownCounts.GetValueOrDefault(key);
        if (inCall <= shown || ToolPartsAllShown(message))
        {
            return false;
        }
        _shownCounts[key] = inCall;
        foreach (var part in message.Parts)
        {
            if (IsToolPart(part))
            {
                _shownToolParts.Add(Digest(PlainValues.ToJson(part, sortKeys: true)));
            }
        }
        return true;
    }

    /// <summary>
    /// The new messages among <paramref name="callMessages"/>, which are all the messages of their
    /// span(s) (one span's <see cref="ConversationNormalizer.FromSpan"/>). The span's earlier counts
    /// are replaced rather than added to, so a span delivered again (a replay after a reconnect)
    /// shows nothing new instead of counting every message twice.
    /// </summary>
    public IReadOnlyList<ConversationMessage> TakeNew(IReadOnlyList<ConversationMessage> callMessages)
    {
        ArgumentNullException.ThrowIfNull(callMessages);
        foreach (var spanId in callMessages.Select(m => m.SpanId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (_callCounts.TryGetValue(spanId, out var counts))
            {
                counts.Clear();
            }
        }
        return callMessages.Where(TryShow).ToList();
    }

    /// <summary>The messages of <paramref name="ordered"/> that are new, in their order.</summary>
    public static IReadOnlyList<ConversationMessage> Distinct(IEnumerable<ConversationMessage> ordered)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var shown = new ShownMessages();
        return ordered.Where(shown.TryShow).ToList();
    }

    private bool ToolPartsAllShown(ConversationMessage message)
    {
        if (message.Parts.Count == 0)
        {
            return false;
        }
        foreach (var part in message.Parts)
        {
            if (!IsToolPart(part) || !_shownToolParts.Contains(Digest(PlainValues.ToJson(part, sortKeys: true))))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsToolPart(Dictionary<string, object?> part) =>
        part.GetValueOrDefault("type") is "tool_call" or "tool_call_response" && part.GetValueOrDefault("id") is string;

    // A 128-bit digest of role and parts: content can be long, and a tail running for hours should
    // not keep every message's text alive only to compare it.
    private static UInt128 Identity(ConversationMessage message)
    {
        return Digest(string.Concat(message.Role, "\n", PlainValues.ToJson(message.Parts.ToArray<object?>(), sortKeys: true)));
    }

    private static UInt128 Digest(string text)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return new UInt128(BitConverter.ToUInt64(digest[..8]), BitConverter.ToUInt64(digest[8..16]));
    }
}
