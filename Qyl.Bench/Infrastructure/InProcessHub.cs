using System.Diagnostics;
using Qyl.Testing.Hosting;

namespace Qyl.Bench.Infrastructure;

/// <summary>
/// <c>--in-process</c>: the tests' <see cref="QylTestHost"/> (<c>Program.BuildApp</c> on port 0) inside
/// the bench process, so the bench and the tests start a hub the same way.
/// </summary>
public sealed class InProcessHub : IHubTarget
{
    private readonly QylTestHost _host;

    private InProcessHub(QylTestHost host) => _host = host;

    /// <inheritdoc />
    public Uri HttpUri => _host.HttpUri;

    /// <inheritdoc />
    public Uri OtlpHttpUri => _host.OtlpHttpUri;

    /// <inheritdoc />
    public Uri OtlpGrpcUri => _host.OtlpGrpcUri;

    /// <inheritdoc />
    public string Description => "hub in the bench process: CPU and RSS include the load generators";

    /// <summary>Builds and starts the hub with the given configuration keys.</summary>
    public static async Task<InProcessHub> StartAsync(IReadOnlyDictionary<string, string?> settings) =>
        new(await QylTestHost.StartAsync(settings));

    /// <inheritdoc />
    public ProcessSample? Sample()
    {
        using var self = Process.GetCurrentProcess();
        return ProcessSample.Of(self);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
