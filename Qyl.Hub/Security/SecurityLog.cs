namespace Qyl.Hub.Security;

/// <summary>Security log messages; event ids 2900-2999. Never logs keys or query strings.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(2901, LogLevel.Information, "Refused {Method} {Path}: {Reason} (Qyl:ApiKey is set).")]
    public static partial void Unauthorized(ILogger logger, string method, string path, string reason);
}
