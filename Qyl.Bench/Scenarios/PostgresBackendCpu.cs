using System.Globalization;
using Npgsql;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// CPU time the PostgreSQL backends of one database spent, read from /proc when the server runs on this
/// machine (the loopback benchmarks): wall-clock rates on a shared 2-core box swing with the load, the
/// server's CPU per row does not, so it is the figure to compare builds and schemas by.
/// </summary>
internal static class PostgresBackendCpu
{
    // utime and stime in /proc/<pid>/stat are in USER_HZ, fixed at 100 by the Linux ABI.
    private const double SecondsPerTick = 0.01;

    /// <summary>
    /// CPU seconds so far of every backend connected to the connection string's database (but the one
    /// asking), by pid; null when the backends' /proc entries are not visible (server elsewhere).
    /// </summary>
    public static async Task<Dictionary<int, double>?> SnapshotAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT pid, pid = pg_backend_pid() FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'", connection);
        var seconds = new Dictionary<int, double>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (pid, asking) = (reader.GetInt32(0), reader.GetBoolean(1));
            var cpu = Read(pid);
            if (asking && cpu is null)
            {
                return null; // not even our own backend is visible: the server runs elsewhere
            }
            if (!asking && cpu is not null)
            {
                seconds[pid] = cpu.Value; // a backend that ended meanwhile has no entry and is left out
            }
        }
        return seconds;
    }

    /// <summary>CPU seconds spent between two snapshots; a backend absent before started during the run and counts whole.</summary>
    public static double Between(Dictionary<int, double>? before, Dictionary<int, double>? after) =>
        before is null || after is null
            ? double.NaN
            : after.Sum(a => a.Value - before.GetValueOrDefault(a.Key));

    private static double? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * SecondsPerTick;
    }
}
