using Npgsql;

namespace Qyl.Tests.Infrastructure;

/// <summary>
/// PostgreSQL for tests: the server named by env <c>QYL_TEST_POSTGRES</c> (a connection string with
/// the right to CREATE DATABASE) when set, otherwise a throwaway <see cref="PostgresCluster"/>. Fails,
/// never skips, when neither is available. Each test class asks for its own database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string EnvVariable = "QYL_TEST_POSTGRES";
    private PostgresCluster? _cluster;
    private string _adminConnectionString = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            _adminConnectionString = fromEnv;
            return;
        }
        _cluster = await PostgresCluster.StartNewAsync();
        _adminConnectionString = _cluster.ConnectionString();
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "qyl_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync().WithTimeout();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync().WithTimeout(Timeouts.Long);
        }
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The test classes that share one <see cref="PostgresFixture"/> (each with its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Postgres";
}
