using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Qyl.Hub.Hosting;

/// <summary>Configuration section <c>Qyl</c>: listeners and cross-cutting settings.</summary>
public sealed class QylOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Qyl";

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

    /// <summary>Redis connection string relaying live spans between hub instances (<c>Qyl:Redis</c>; see ScaleOut).</summary>
    public string? Redis { get; set; }

    /// <summary>Origins allowed by CORS (<c>Qyl:CorsOrigins</c>); closed when empty.</summary>
    public string[] CorsOrigins { get; set; } = [];

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
    }
}
