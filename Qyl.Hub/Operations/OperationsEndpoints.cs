using OpenTelemetry.Metrics;
using Qyl.Ingest.Storage;

namespace Qyl.Hub.Operations;

/// <summary>Health and readiness probes, and Prometheus metrics.</summary>
public static class OperationsEndpoints
{
    /// <summary>
    /// The meters exported at <c>/metrics</c>: qyl's own and ASP.NET Core's (hosting, Kestrel,
    /// connections, SignalR).
    /// </summary>
    internal static readonly string[] ExportedMeters =
    [
        IngestMetrics.MeterName,
        "Qyl.Hub",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.SignalR",
    ];

    /// <summary>Adds problem details and the OpenTelemetry metrics pipeline with the Prometheus exporter.</summary>
    public static IServiceCollection AddQylOperations(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ExportedMeters)
            // The exporter's default 300 ms response cache answers a scrape right after a change with
            // the figures from before it; a collect over these few instruments costs microseconds.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>Maps <c>/healthz</c> (process up), <c>/readyz</c> (storage reachable) and <c>/metrics</c>.</summary>
    public static WebApplication MapQylOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", async Task<IResult> (ISpanStore store, CancellationToken cancellationToken) =>
        {
            bool ready;
            try
            {
                ready = await store.IsReadyAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ready = false;
            }
            return ready
                ? TypedResults.Text("ready")
                : TypedResults.Problem("The span store is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
