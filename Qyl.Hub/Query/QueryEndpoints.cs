namespace Qyl.Hub.Query;

/// <summary>The JSON query API under <c>/api/v1</c>.</summary>
public static class QueryEndpoints
{
    /// <summary>Adds the query API's services.</summary>
    public static IServiceCollection AddQylQueryApi(this IServiceCollection services) => services;

    /// <summary>Maps the query API.</summary>
    public static WebApplication MapQylQueryApi(this WebApplication app) => app;
}
