using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Qyl.Hub.Hosting;
using Qyl.Hub.Streaming;

namespace Qyl.Hub.Security;

/// <summary>
/// With <c>Qyl:ApiKey</c> set, every request but <c>/healthz</c> must carry the key: OTLP requests
/// (<c>/v1/traces</c>, <c>/v1/logs</c> and the gRPC TraceService and LogsService) in the <c>x-api-key</c> header, everything else as
/// <c>Authorization: Bearer &lt;key&gt;</c> or, where a browser cannot set headers (WebSocket,
/// EventSource), as <c>access_token</c> in the query string. Anything else is 401 and nothing is stored.
/// </summary>
internal sealed class ApiKeyMiddleware
{
    private const string OtlpGrpcPathPrefix = "/opentelemetry.proto.collector.trace.v1.TraceService/";
    private const string OtlpGrpcLogsPathPrefix = "/opentelemetry.proto.collector.logs.v1.LogsService/";
    private readonly RequestDelegate _next;
    private readonly byte[]? _keyHash;
    private readonly ILogger<ApiKeyMiddleware> _logger;
    private readonly HubMetrics _metrics;

    public ApiKeyMiddleware(RequestDelegate next, IOptions<QylOptions> options, HubMetrics metrics, ILogger<ApiKeyMiddleware> logger)
    {
        _next = next;
        _logger = logger;
        _metrics = metrics;
        var key = options.Value.ApiKey;
        _keyHash = string.IsNullOrEmpty(key) ? null : Hash(key);
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_keyHash is null || context.Request.Path.Equals("/healthz", StringComparison.Ordinal)
            || HttpMethods.IsOptions(context.Request.Method) || IsDashboardShell(context))
        {
            return _next(context);
        }

        var path = context.Request.Path;
        var isOtlp = path.Equals("/v1/traces", StringComparison.Ordinal)
            || path.Equals("/v1/logs", StringComparison.Ordinal)
            || path.StartsWithSegments(OtlpGrpcPathPrefix.TrimEnd('/'), StringComparison.Ordinal)
            || path.StartsWithSegments(OtlpGrpcLogsPathPrefix.TrimEnd('/'), StringComparison.Ordinal);
        var presented = isOtlp ? OtlpKey(context.Request) : ClientKey(context.Request);
        if (presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _keyHash))
        {
            return _next(context);
        }

        SecurityLog.Unauthorized(_logger, context.Request.Method, path.Value ?? "/", presented is null ? "no key" : "wrong key");
        _metrics.Error(HubErrorTypes.Unauthorized);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (isOtlp)
        {
            return context.Response.WriteAsync("Unauthorized: send the key configured in Qyl:ApiKey in the x-api-key header.");
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            "Send the key configured in Qyl:ApiKey as 'Authorization: Bearer <key>', or as access_token=<key> in the query string where headers cannot be set.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized").ExecuteAsync(context);
    }

    // Routing runs before this middleware (WebApplication adds it first), so the endpoint is known here.
    // A GET that matched no endpoint can only be answered by the static files (the dashboard build) or
    // 404; under /api and /hubs it stays 401, so the key-less learn nothing of which routes exist.
    private static bool IsDashboardShell(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }
        var endpoint = context.GetEndpoint();
        if (endpoint is not null)
        {
            return endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        }
        return !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);
    }

    private static string? OtlpKey(HttpRequest request) =>
        request.Headers.TryGetValue("x-api-key", out var values) && values.Count == 1 ? values[0] : null;

    private static string? ClientKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return request.Query.TryGetValue("access_token", out var token) && token.Count == 1 ? token[0] : null;
    }

    // Hashing both sides first makes the comparison constant-time in the key's length as well.
    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
