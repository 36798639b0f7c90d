using Qyl.Mcp;
namespace Qyl.Hub.Mcp;

/// <summary>MCP log messages; event ids 2700-2799.</summary>
internal static partial class McpLog
{
    [LoggerMessage(2701, LogLevel.Debug, "MCP wait {ConnectionId} on {Key} started (after seq {AfterSeq}, timeout {TimeoutSeconds} s).")]
    public static partial void WaitStarted(ILogger logger, string connectionId, string key, long? afterSeq, double timeoutSeconds);

    [LoggerMessage(2702, LogLevel.Debug, "MCP wait {ConnectionId} ended with {SpanCount} spans after {ElapsedMilliseconds} ms.")]
    public static partial void WaitEnded(ILogger logger, string connectionId, int spanCount, double elapsedMilliseconds);
}
