using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Qyl.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's own binaries (the newest
/// /usr/lib/postgresql/*/bin): initdb into a temp dir, started on a free 127.0.0.1 port with fsync off,
/// removed on dispose. initdb refuses root, so it runs as the unprivileged system user <c>qylpg</c>.
/// Tests that stop and start the server use this directly.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string OsUser = "qylpg";
    private readonly string _bin;
    private readonly string _dir;
    private readonly string _data;

    private PostgresCluster(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        _data = Path.Combine(dir, "data");
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A connection string to database <paramref name="database"/> as superuser <c>postgres</c>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=30";

    /// <summary>Creates and starts a cluster; throws with what is missing when it cannot.</summary>
    public static async Task<PostgresCluster> StartNewAsync()
    {
        var bin = FindBinaries();
        await EnsureOsUserAsync();
        var dir = Path.Combine("/tmp", "qyl-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        await RunAsync("chown", [OsUser, dir]);
        var cluster = new PostgresCluster(bin, dir, FreePort());
        try
        {
            await cluster.RunPgAsync("initdb", ["-D", cluster._data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public Task StartAsync() => RunPgAsync("pg_ctl", [
        "-D", _data, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60", "start",
        "-o", string.Create(CultureInfo.InvariantCulture,
            $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_dir} -c fsync=off -c max_connections=200"),
    ]);

    /// <summary>Stops the server the way an operator restart would (fast: clients are disconnected).</summary>
    public Task StopAsync() => RunPgAsync("pg_ctl", ["-D", _data, "-m", "fast", "-w", "-t", "60", "stop"]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                await RunPgAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d), out var v), Version: v))
                .Where(d => d.Ok && File.Exists(Path.Combine(d.Dir, "bin", "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin"))
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL tests need the server binaries in /usr/lib/postgresql/<version>/bin (initdb, pg_ctl): " +
            "run scripts/prerequisites.sh (apt-get install postgresql), or set QYL_TEST_POSTGRES to a connection string.");
    }

    private static async Task EnsureOsUserAsync()
    {
        if ((await TryRunAsync("id", ["-u", OsUser])).ExitCode != 0)
        {
            await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OsUser]);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPgAsync(string tool, string[] args) =>
        RunAsync("runuser", ["-u", OsUser, "--", Path.Combine(_bin, tool), .. args]);

    private static async Task RunAsync(string file, string[] args)
    {
        var (exitCode, output) = await TryRunAsync(file, args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` failed with exit code {exitCode}:\n{output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> TryRunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return (process.ExitCode, await stdout + await stderr);
    }
}
