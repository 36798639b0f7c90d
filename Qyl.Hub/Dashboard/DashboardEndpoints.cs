using System.Reflection;
using Microsoft.Extensions.FileProviders;

namespace Qyl.Hub.Dashboard;

/// <summary>Serves the dashboard build at <c>/</c>.</summary>
public static class DashboardEndpoints
{
    /// <summary>Client-side routes answered with index.html; everything else (API, hub, OTLP, health) is untouched.</summary>
    internal static readonly string[] ClientRoutes = ["/", "/sessions", "/sessions/{sessionId}", "/services", "/services/{serviceName}", "/traces/{traceId}"];

    /// <summary>Maps the dashboard's static files and client-side routes.</summary>
    public static WebApplication MapQylDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapQylDashboardSettings();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Qyl.Hub.Dashboard");
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Qyl.Hub.Hosting.QylOptions>>().Value;
        var root = DashboardLocation.Find(options);
        if (root is null)
        {
            DashboardLog.NotBuilt(logger, DashboardLocation.Searched(options));
            foreach (var route in ClientRoutes)
            {
                app.MapGet(route, () => Results.Text(
                    "The qyl dashboard is not built. Build Qyl.Hub without -p:QylSkipDashboard=true, or run `npm ci && npm run build` in dashboard/.",
                    statusCode: StatusCodes.Status503ServiceUnavailable)).ExcludeFromDescription().AllowAnonymous();
            }
            return app;
        }

        DashboardLog.Serving(logger, root);
        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Vite names assets by content hash, so they never change; index.html must always be revalidated.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        var index = files.GetFileInfo("index.html");
        foreach (var route in ClientRoutes)
        {
            app.MapGet(route, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.File(index.PhysicalPath!, "text/html; charset=utf-8");
            }).ExcludeFromDescription()
                // The shell holds no telemetry and must load to ask for Qyl:ApiKey (ApiKeyMiddleware).
                .AllowAnonymous();
        }
        return app;
    }
}

/// <summary>Where the built dashboard is: configuration, next to the binary, or the build output baked in at compile time.</summary>
internal static class DashboardLocation
{
    public static string? Find(Qyl.Hub.Hosting.QylOptions options) =>
        Candidates(options).FirstOrDefault(dir => File.Exists(Path.Combine(dir, "index.html")));

    public static string Searched(Qyl.Hub.Hosting.QylOptions options) => string.Join(", ", Candidates(options));

    private static IEnumerable<string> Candidates(Qyl.Hub.Hosting.QylOptions options)
    {
        // Qyl:DashboardPath is validated at startup (QylOptions): when set, it holds index.html.
        if (options.DashboardPath is { Length: > 0 } configured)
        {
            yield return Path.GetFullPath(configured);
        }
        yield return Path.Combine(AppContext.BaseDirectory, "dashboard");
        var baked = typeof(DashboardLocation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "QylDashboardPath")?.Value;
        if (!string.IsNullOrEmpty(baked))
        {
            yield return baked;
        }
    }
}
