using Microsoft.Extensions.Logging.Abstractions;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.Postgres;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Storage;

namespace Qyl.Tests.Postgres;

/// <summary>The store specification against PostgreSQL: every store of a test class shares one database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSpanStoreTests(PostgresFixture postgres) : SpanStoreSpecification
{
    private string _connectionString = "";

    protected override bool IsDurable => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _connectionString = await postgres.CreateDatabaseAsync();
    }

    protected override async Task<ISpanStore> CreateStoreAsync(StorageOptions options)
    {
        var store = new PostgresSpanStore(_connectionString, NullLogger<PostgresSpanStore>.Instance);
        await store.EnsureSchemaAsync(CancellationToken.None).WithTimeout();
        return store;
    }

    /// <summary>A restarted hub: the old instance's pool is gone, a new one opens the same database.</summary>
    protected override async Task<ISpanStore> RestartStoreAsync(ISpanStore store)
    {
        await ((PostgresSpanStore)store).DisposeAsync();
        return await CreateStoreAsync(new StorageOptions());
    }
}
