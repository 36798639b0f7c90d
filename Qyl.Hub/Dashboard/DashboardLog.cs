namespace Qyl.Hub.Dashboard;

/// <summary>Dashboard serving log messages; event ids 2900-2949.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(2900, LogLevel.Information, "Serving the dashboard from {Path}")]
    public static partial void Serving(ILogger logger, string path);

    [LoggerMessage(2901, LogLevel.Warning, "The dashboard is not built (looked in: {Searched}); / answers 503 until it is")]
    public static partial void NotBuilt(ILogger logger, string searched);
}
