using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Qyl.Hub.Streaming;

namespace Qyl.Hub.Dashboard;

/// <summary>
/// <c>GET /api/v1/settings</c>: the hub settings the dashboard renders by (today the in-progress
/// stale timeout). Under <c>/api</c>, so behind <c>Qyl:ApiKey</c> like the data it explains.
/// </summary>
public static class DashboardSettingsEndpoints
{
    /// <summary>Maps the settings endpoint.</summary>
    public static WebApplication MapQylDashboardSettings(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/settings", (IOptions<StreamingOptions> streaming) =>
            TypedResults.Json(new DashboardSettings(streaming.Value.InProgressTimeoutSeconds), DashboardSettingsJsonContext.Default.DashboardSettings));
        return app;
    }
}

/// <summary>What <c>GET /api/v1/settings</c> returns.</summary>
/// <param name="InProgressTimeoutSeconds"><c>Qyl:Streaming:InProgressTimeoutSeconds</c>.</param>
public sealed record DashboardSettings(int InProgressTimeoutSeconds);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DashboardSettings))]
internal sealed partial class DashboardSettingsJsonContext : JsonSerializerContext;
