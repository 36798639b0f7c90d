using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Tests.Conversations;

/// <summary>Renders messages as one line each (role, source, finish reason, parts as JSON) for exact assertions.</summary>
internal static class ConversationAssert
{
    public static string Line(ConversationMessage message) =>
        $"{message.Role}|{message.Source}|{message.FinishReason}|{JsonSerializer.Serialize(message.Parts.ToArray<object?>(), QylJsonContext.Default.ObjectArray)}";

    public static void Lines(IReadOnlyList<ConversationMessage> messages, params string[] expected)
    {
        Assert.Equal(expected, messages.Select(Line).ToArray());
    }
}
