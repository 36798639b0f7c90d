namespace Qyl.Hub;

/// <summary>Hub host log messages; event ids 2000-2099.</summary>
internal static partial class HubLog
{
    [LoggerMessage(2001, LogLevel.Information, "Now listening on: {Url} ({Role})")]
    public static partial void NowListening(ILogger logger, string url, string role);
}
