namespace Qyl.Hub.Dashboard;

/// <summary>Dashboard serving log messages; event ids 2800-2899.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(2800, LogLevel.Information, "Serving the dashboard from {Path}")]
    public static partial void Serving(ILogger logger, string path);

    [LoggerMessage(2801, LogLevel.Warning, "The dashboard is not built (looked in: {Searched}); / answers 503 until it is")]
    public static partial void NotBuilt(ILogger logger, string searched);
}
