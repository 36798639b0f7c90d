using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Qyl.Hub.Hosting;
using Qyl.Ingest.Configuration;

namespace Qyl.Hub.Security;

/// <summary>API key and CORS wiring.</summary>
public static class SecurityExtensions
{
    private const string CorsPolicy = "qyl";

    /// <summary>
    /// Adds CORS (closed unless <c>Qyl:CorsOrigins</c> lists origins) and keeps request URLs, which may
    /// carry <c>access_token</c>, out of the logs when <c>Qyl:ApiKey</c> is set.
    /// </summary>
    public static WebApplicationBuilder AddQylSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddQylOptions<QylOptions>(builder.Configuration, QylOptions.Section);
        builder.Services.AddCors();
        // The policy is built when CORS first reads its options, from the validated Qyl:CorsOrigins.
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<QylOptions>>((cors, qyl) => cors.AddPolicy(CorsPolicy, policy =>
        {
            var origins = qyl.Value.CorsOrigins;
            if (origins.Length > 0)
            {
                // The SignalR JavaScript client sends credentials by default, which needs explicit origins.
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials();
            }
        }));
        // Log filters are fixed while the host is built, so whether a key is set is read now, by QylOptions' rules.
        if (!string.IsNullOrEmpty(builder.Configuration.ReadQylOptions<QylOptions>(QylOptions.Section).ApiKey))
        {
            // ASP.NET Core logs each request's URL (with its query string) at Information and below in
            // these categories; a browser's access_token travels there, so they never log below Warning.
            // These rules are added after the configuration's, so they win over an equally specific
            // Logging:LogLevel entry; ApiKeyLoggingTests holds every category at Trace and looks for the key.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Connections", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
            // Kestrel quotes a malformed request line, query string included, at Debug.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Warning);
        }
        return builder;
    }

    /// <summary>CORS first (so preflights are answered), then the API key check.</summary>
    public static WebApplication UseQylSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }
}
