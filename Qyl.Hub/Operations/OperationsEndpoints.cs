using Qyl.Ingest.Storage;

namespace Qyl.Hub.Operations;

/// <summary>Health and readiness probes.</summary>
public static class OperationsEndpoints
{
    /// <summary>Adds the operations endpoints' services.</summary>
    public static IServiceCollection AddQylOperations(this IServiceCollection services)
    {
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Maps <c>/healthz</c> (process up) and <c>/readyz</c> (storage reachable).</summary>
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
        return app;
    }
}
