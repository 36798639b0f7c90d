namespace Qyl.Contracts.Conversations;

/// <summary>Maps the roles producers write onto the contract's four (<see cref="MessageRoles"/>).</summary>
internal static class Roles
{
    /// <summary>
    /// The contract's role for <paramref name="role"/>. Provider spellings map to their meaning
    /// (OpenAI's <c>developer</c> is system instructions, Gemini's <c>model</c> is the assistant,
    /// the legacy <c>function</c> role is a tool result); a missing or unknown role takes the
    /// role of where the message was found (input: user, output: assistant, tool event: tool).
    /// </summary>
    public static string Normalize(string? role, string fallback)
    {
        if (string.IsNullOrEmpty(role))
        {
            return fallback;
        }
        return role.ToLowerInvariant() switch
        {
            MessageRoles.System or "developer" => MessageRoles.System,
            MessageRoles.User or "human" => MessageRoles.User,
            MessageRoles.Assistant or "model" or "ai" => MessageRoles.Assistant,
            MessageRoles.Tool or "function" or "ipython" => MessageRoles.Tool,
            _ => fallback,
        };
    }
}
