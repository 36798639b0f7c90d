using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Qyl.Ingest.Configuration;

namespace Qyl.Hub.Hosting;

/// <summary>
/// The three listeners and where they ended up bound. With port 0 the OS picks a port; the bound
/// address is read back after start and logged as <c>Now listening on: URL (role)</c>.
/// </summary>
public sealed class QylListeners
{
    private ListenOptions? _http;
    private ListenOptions? _otlpHttp;
    private ListenOptions? _otlpGrpc;

    /// <summary>Dashboard, hub, SSE and query API.</summary>
    public Uri HttpUri => ToUri(_http);

    /// <summary>OTLP/HTTP (the same as <see cref="HttpUri"/> when both ports are configured equal).</summary>
    public Uri OtlpHttpUri => ToUri(_otlpHttp ?? _http);

    /// <summary>OTLP/gRPC (HTTP/2 cleartext).</summary>
    public Uri OtlpGrpcUri => ToUri(_otlpGrpc);

    internal void Configure(KestrelServerOptions kestrel, QylOptions options)
    {
        var address = options.BindIPAddress;
        kestrel.Listen(address, options.HttpPort, l =>
        {
            l.Protocols = HttpProtocols.Http1;
            _http = l;
        });
        if (options.OtlpHttpPort == 0 || options.OtlpHttpPort != options.HttpPort)
        {
            kestrel.Listen(address, options.OtlpHttpPort, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                _otlpHttp = l;
            });
        }
        kestrel.Listen(address, options.OtlpGrpcPort, l =>
        {
            // gRPC needs HTTP/2; without TLS there is no ALPN, so this port speaks HTTP/2 only.
            l.Protocols = HttpProtocols.Http2;
            _otlpGrpc = l;
        });
    }

    internal IEnumerable<(Uri Uri, string Role)> Describe()
    {
        if (_otlpHttp is null)
        {
            yield return (HttpUri, "dashboard, hub, SSE, query API, OTLP/HTTP");
        }
        else
        {
            yield return (HttpUri, "dashboard, hub, SSE, query API, OTLP/HTTP");
            yield return (OtlpHttpUri, "OTLP/HTTP");
        }
        yield return (OtlpGrpcUri, "OTLP/gRPC");
    }

    private static Uri ToUri(ListenOptions? listen)
    {
        if (listen is null)
        {
            throw new InvalidOperationException("The listeners are not configured yet.");
        }
        // Kestrel writes the bound endpoint back into ListenOptions, so port 0 reads as the real port.
        var endpoint = listen.IPEndPoint ?? throw new InvalidOperationException("Only IP listeners are supported.");
        var host = endpoint.Address.Equals(System.Net.IPAddress.Any) ? "127.0.0.1" : endpoint.Address.ToString();
        if (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            host = $"[{host}]";
        }
        return new Uri($"http://{host}:{endpoint.Port}");
    }
}

/// <summary>Wiring of the listeners into the host.</summary>
public static class QylListenerExtensions
{
    /// <summary>
    /// Registers <see cref="QylOptions"/> (<c>Qyl</c>) and <see cref="LimitsOptions"/> (<c>Qyl:Limits</c>),
    /// validated at start, and binds the listeners and Kestrel's limits from them.
    /// </summary>
    public static WebApplicationBuilder AddQylListeners(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var listeners = new QylListeners();
        builder.Services.AddSingleton(listeners);
        builder.Services.AddQylOptions<QylOptions>(builder.Configuration, QylOptions.Section);
        builder.Services.AddQylOptions<LimitsOptions>(builder.Configuration, LimitsOptions.Section);
        // Kestrel reads its options when the server is created at start: through IOptions, so the
        // values are the validated ones (an invalid port fails with its message, not a bind error).
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<QylOptions>, IOptions<LimitsOptions>>((kestrel, qyl, limitsOptions) =>
        {
            var limits = limitsOptions.Value;
            if (limits.MaxConnections > 0)
            {
                kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
                kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConnections;
            }
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.RequestHeadersTimeoutSeconds);
            listeners.Configure(kestrel, qyl.Value);
        });
        // The default lifetime logs every address without saying which is which; ours names the role.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] is null)
        {
            // Hosting writes only Information and Debug here (request started/finished), yet while the
            // category is enabled at all it creates an Activity and a log scope for every request; a
            // WebSocket request lives as long as its subscriber, so that is held per connection (about
            // half a KiB of 10,000 idle subscribers' memory). Setting the key in configuration wins.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }
        return builder;
    }

    /// <summary>Logs <c>Now listening on: URL (role)</c> for each listener once the server has bound them.</summary>
    public static WebApplication UseQylListenerLog(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Qyl.Hub");
            foreach (var (uri, role) in app.Services.GetRequiredService<QylListeners>().Describe())
            {
                HubLog.NowListening(logger, uri.ToString().TrimEnd('/'), role);
            }
        });
        return app;
    }
}
