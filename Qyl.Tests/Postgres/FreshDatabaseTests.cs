using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Postgres;

/// <summary>A test class with an empty database of its own on the shared throwaway cluster.</summary>
public abstract class FreshDatabaseTests(PostgresFixture postgres) : IAsyncLifetime
{
    /// <summary>The class's database; set before the first test runs.</summary>
    protected string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await postgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
