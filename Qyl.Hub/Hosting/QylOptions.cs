using System.ComponentModel.DataAnnotations;
using System.Net;
using Qyl.Ingest.Configuration;

namespace Qyl.Hub.Hosting;

/// <summary>Configuration section <c>Qyl</c>: listeners and cross-cutting settings.</summary>
public sealed class QylOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = QylConfigKeys.Qyl;

    /// <summary>Dashboard, hub, SSE, query API, health, metrics, and OTLP/HTTP (<c>Qyl:HttpPort</c>).</summary>
    public int HttpPort { get; set; } = 5100;

    /// <summary>OTLP/HTTP receiver (<c>Qyl:OtlpHttpPort</c>).</summary>
    public int OtlpHttpPort { get; set; } = 4318;

    /// <summary>OTLP/gRPC receiver, HTTP/2 cleartext (<c>Qyl:OtlpGrpcPort</c>).</summary>
    public int OtlpGrpcPort { get; set; } = 4317;

    /// <summary>Address all listeners bind to (<c>Qyl:BindAddress</c>); <c>0.0.0.0</c> to expose.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>When set, every endpoint but <c>/healthz</c> requires this key (<c>Qyl:ApiKey</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Redis connection string relaying live telemetry between hub instances (<c>Qyl:Redis</c>; read by
    /// <c>AddQylRedisScaleOut</c>, which also needs <c>ConnectionStrings:Postgres</c>).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>True when <see cref="Redis"/> is set.</summary>
    public bool HasRedis => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>Origins allowed by CORS (<c>Qyl:CorsOrigins</c>, read by <c>AddQylSecurity</c>); closed when empty.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>
    /// A folder holding a built dashboard (<c>index.html</c>, <c>assets/</c>), tried before the one beside
    /// the binary and the build output (<c>Qyl:DashboardPath</c>); absent by default.
    /// </summary>
    public string? DashboardPath { get; set; }

    /// <summary>The parsed <see cref="BindAddress"/>.</summary>
    public IPAddress BindIPAddress =>
        string.Equals(BindAddress, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(BindAddress);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, port) in new[] { ("HttpPort", HttpPort), ("OtlpHttpPort", OtlpHttpPort), ("OtlpGrpcPort", OtlpGrpcPort) })
        {
            if (port is < 0 or > 65535)
            {
                yield return new ValidationResult($"Qyl:{name} must be 0-65535 (0 picks a free port); it is {port}.", [name]);
            }
        }
        if (!string.Equals(BindAddress, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult($"Qyl:BindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0; it is '{BindAddress}'.", [nameof(BindAddress)]);
        }
        if (OtlpGrpcPort != 0 && (OtlpGrpcPort == HttpPort || OtlpGrpcPort == OtlpHttpPort))
        {
            yield return new ValidationResult($"Qyl:OtlpGrpcPort ({OtlpGrpcPort}) must differ from Qyl:HttpPort and Qyl:OtlpHttpPort: it speaks HTTP/2 only.", [nameof(OtlpGrpcPort)]);
        }
        for (var i = 0; i < CorsOrigins.Length; i++)
        {
            // An origin is scheme://host[:port]; a path or a bare host never matches the Origin header.
            if (!Uri.TryCreate(CorsOrigins[i], UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https")
                || origin.PathAndQuery != "/" || CorsOrigins[i].EndsWith('/'))
            {
                yield return new ValidationResult(
                    $"{QylConfigKeys.CorsOrigins}:{i} must be an origin such as https://app.example or http://localhost:5173 (scheme, host, optional port, no path); it is '{CorsOrigins[i]}'.",
                    [nameof(CorsOrigins)]);
            }
        }
        if (!string.IsNullOrWhiteSpace(DashboardPath) && !File.Exists(Path.Combine(Path.GetFullPath(DashboardPath), "index.html")))
        {
            // Falling back to another dashboard silently would serve a different build than the one asked for.
            yield return new ValidationResult(
                $"{QylConfigKeys.DashboardPath} must be a folder holding a built dashboard (index.html and assets/); '{Path.GetFullPath(DashboardPath)}' has no index.html.",
                [nameof(DashboardPath)]);
        }
        if (HasRedis && RedisConfigurationError() is { } redisError)
        {
            yield return new ValidationResult(
                $"{QylConfigKeys.Redis} is not a StackExchange.Redis connection string such as 'redis.internal:6379,password=...': {redisError}",
                [nameof(Redis)]);
        }
    }

    private string? RedisConfigurationError()
    {
        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(Redis!);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
