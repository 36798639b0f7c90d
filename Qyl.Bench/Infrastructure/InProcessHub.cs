using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qyl.Hub.Hosting;

namespace Qyl.Bench.Infrastructure;

/// <summary>The hub built by <c>Program.BuildApp</c> inside the bench process (<c>--in-process</c>).</summary>
public sealed class InProcessHub : IHubTarget
{
    private readonly WebApplication _app;

    private InProcessHub(WebApplication app)
    {
        _app = app;
        var listeners = app.Services.GetRequiredService<QylListeners>();
        HttpUri = listeners.HttpUri;
        OtlpHttpUri = listeners.OtlpHttpUri;
        OtlpGrpcUri = listeners.OtlpGrpcUri;
    }

    /// <inheritdoc />
    public Uri HttpUri { get; }

    /// <inheritdoc />
    public Uri OtlpHttpUri { get; }

    /// <inheritdoc />
    public Uri OtlpGrpcUri { get; }

    /// <inheritdoc />
    public string Description => "hub in the bench process: CPU and RSS include the load generators";

    /// <summary>Builds and starts the hub on the given configuration arguments.</summary>
    public static async Task<InProcessHub> StartAsync(string[] args, CancellationToken cancellationToken)
    {
        var app = Program.BuildApp(args, b => b.Logging.ClearProviders());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        await app.StartAsync(cts.Token);
        return new InProcessHub(app);
    }

    /// <inheritdoc />
    public ProcessSample? Sample()
    {
        using var self = Process.GetCurrentProcess();
        return ProcessSample.Of(self);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(cts.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
