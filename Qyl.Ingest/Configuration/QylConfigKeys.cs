namespace Qyl.Ingest.Configuration;

/// <summary>
/// Every configuration section and key qyl reads, in one place. Each section has one options class
/// (named beside it), bound and validated at startup; code reads the options, never these keys.
/// </summary>
public static class QylConfigKeys
{
    /// <summary>Listeners and cross-cutting settings (<c>QylOptions</c>, Qyl.Hub).</summary>
    public const string Qyl = "Qyl";

    /// <summary>The key of <c>QylOptions.Redis</c>: the Redis connection string that relays live telemetry between instances.</summary>
    public const string Redis = Qyl + ":Redis";

    /// <summary>The key of <c>QylOptions.ApiKey</c>.</summary>
    public const string ApiKey = Qyl + ":ApiKey";

    /// <summary>The key of <c>QylOptions.CorsOrigins</c> (an array: <c>Qyl:CorsOrigins:0</c>, ...).</summary>
    public const string CorsOrigins = Qyl + ":CorsOrigins";

    /// <summary>A folder holding the built dashboard (<c>index.html</c>, <c>assets/</c>), tried before the bundled one.</summary>
    public const string DashboardPath = Qyl + ":DashboardPath";

    /// <summary>The OTLP receivers and the ingest queue (<see cref="Pipeline.IngestOptions"/>).</summary>
    public const string Ingest = Qyl + ":Ingest";

    /// <summary>The span store (<see cref="Storage.StorageOptions"/>, <see cref="Storage.Postgres.PostgresStoreOptions"/>).</summary>
    public const string Storage = Qyl + ":Storage";

    /// <summary>The live path's batching and per-client bounds (<c>StreamingOptions</c>, Qyl.Hub).</summary>
    public const string Streaming = Qyl + ":Streaming";

    /// <summary>SignalR and Kestrel limits (<c>LimitsOptions</c>, Qyl.Hub).</summary>
    public const string Limits = Qyl + ":Limits";

    /// <summary>How instances sharing Redis relay to each other (<c>ScaleOutOptions</c>, Qyl.Hub).</summary>
    public const string ScaleOut = Qyl + ":ScaleOut";

    /// <summary>Model prices beyond the built-in table (<c>PricingOptions</c>, Qyl.Ingest).</summary>
    public const string Pricing = Qyl + ":Pricing";

    /// <summary>Connection strings (<see cref="ConnectionStringsOptions"/>).</summary>
    public const string ConnectionStrings = "ConnectionStrings";

    /// <summary>The PostgreSQL connection string; when set, PostgreSQL is the store.</summary>
    public const string Postgres = ConnectionStrings + ":Postgres";
}
