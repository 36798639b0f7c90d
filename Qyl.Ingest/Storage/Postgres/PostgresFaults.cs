using System.Net.Sockets;
using Npgsql;

namespace Qyl.Ingest.Storage.Postgres;

/// <summary>Which failures mean "PostgreSQL is not reachable now" rather than a bug.</summary>
internal static class PostgresFaults
{
    /// <summary>
    /// True for connection-level failures: refused or broken sockets, timeouts, the server shutting
    /// down (57P01-57P03), connection exceptions (class 08), and out-of-resources (53) during a restart.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal),
        NpgsqlException => true,
        SocketException or IOException or TimeoutException => true,
        InvalidOperationException when exception.InnerException is not null => IsUnavailable(exception.InnerException),
        _ => false,
    };
}
