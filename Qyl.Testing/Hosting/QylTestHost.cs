using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qyl.Contracts;
using Qyl.Hub.Hosting;

namespace Qyl.Testing.Hosting;

/// <summary>
/// A real qyl hub in this process: the same <c>Program.BuildApp</c> as production, real Kestrel on
/// free ports (port 0), real sockets. Dispose stops it. The tests' host and the bench's
/// <c>--in-process</c> hub, so both start the hub the same way.
/// </summary>
public sealed class QylTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private QylTestHost(WebApplication app)
    {
        _app = app;
        var listeners = app.Services.GetRequiredService<QylListeners>();
        HttpUri = listeners.HttpUri;
        OtlpHttpUri = listeners.OtlpHttpUri;
        OtlpGrpcUri = listeners.OtlpGrpcUri;
    }

    /// <summary>Dashboard, hub, SSE and query API.</summary>
    public Uri HttpUri { get; }

    /// <summary>The separate OTLP/HTTP listener.</summary>
    public Uri OtlpHttpUri { get; }

    /// <summary>The OTLP/gRPC listener.</summary>
    public Uri OtlpGrpcUri { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a hub. <paramref name="settings"/> are configuration keys (<c>Qyl:Storage:MaxSpans</c>);
    /// ports default to 0. <paramref name="configure"/> can replace services before the app is built.
    /// </summary>
    public static async Task<QylTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Qyl:HttpPort"] = "0",
            ["Qyl:OtlpHttpPort"] = "0",
            ["Qyl:OtlpGrpcPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var args = all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        var app = Program.BuildApp(args, builder =>
        {
            builder.Logging.ClearProviders();
            configure?.Invoke(builder);
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(cts.Token);
        return new QylTestHost(app);
    }

    /// <summary>An HttpClient on the main HTTP listener.</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = HttpUri, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A hub connection (not started) on <paramref name="transport"/> with the json or messagepack protocol.</summary>
    public HubConnection CreateHubConnection(HttpTransportType transport = HttpTransportType.WebSockets, string protocol = "json")
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(HttpUri, TelemetryHubPaths.Hub), transport);
        if (protocol == "messagepack")
        {
            builder.AddMessagePackProtocol();
        }
        else
        {
            builder.AddJsonProtocol();
        }
        return builder.Build();
    }

    /// <summary>Stops the hub (graceful, bounded).</summary>
    public async Task StopAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
