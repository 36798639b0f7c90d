using System.Diagnostics.Metrics;
using Qyl.Ingest.Otlp;

namespace Qyl.Ingest;

/// <summary>
/// The log-record instruments of <c>Qyl.Ingest</c>: the span instruments' counterparts, as their
/// own series (<c>qyl_ingest_logs_total{protocol}</c> and friends) so span dashboards and alerts
/// keep their meaning when logs arrive; declared with their label values like the span ones, so
/// every series is exported at 0 from startup.
/// </summary>
public sealed partial class IngestMetrics
{
    private DeclaredCounter _logsReceived = null!;
    private DeclaredCounter _logsRejected = null!;
    private DeclaredCounter _logsThrottled = null!;
    private DeclaredCounter _logsStored = null!;
    private DeclaredCounter _logsStoreFailed = null!;
    private DeclaredCounter _logsEvicted = null!;
    private DeclaredCounter _logsErrors = null!;

    private void CreateLogInstruments(Meter meter, DeclaredLabel protocol)
    {
        _logsReceived = DeclaredCounter.Create(meter, "qyl.ingest.logs", "{log}", "Log records received over OTLP, by protocol.", protocol);
        _logsRejected = DeclaredCounter.Create(meter, "qyl.ingest.logs.rejected", "{log}", "Log records rejected (invalid ids), by reason.", new DeclaredLabel("reason", RejectReasons));
        _logsThrottled = DeclaredCounter.Create(meter, "qyl.ingest.logs.throttled", "{log}", "Log records turned away because the ingest queue was full.");
        _logsStored = DeclaredCounter.Create(meter, "qyl.store.logs.stored", "{log}", "Log records stored.");
        _logsStoreFailed = DeclaredCounter.Create(meter, "qyl.store.logs.failed", "{log}", "Log records the store failed to write.");
        _logsEvicted = DeclaredCounter.Create(meter, "qyl.store.logs.evicted", "{log}", "Log records evicted from the embedded store to stay within its bound.");
        _logsErrors = DeclaredCounter.Create(
            meter, "qyl.ingest.logs.errors", "{request}",
            "OTLP logs export requests answered with an error, by protocol and error.type (malformed, too_large, unsupported_media_type, overloaded, unavailable).",
            protocol, new DeclaredLabel("error.type", OtlpErrorTypes.All));
    }

    /// <summary>Counts log records received over <paramref name="protocol"/>.</summary>
    public void LogsReceived(string protocol, int count) => _logsReceived.Add(count, protocol);

    /// <summary>Counts rejected log records with a short reason.</summary>
    public void LogsRejected(string reason, int count) => _logsRejected.Add(count, reason);

    /// <summary>Counts an OTLP logs export request over <paramref name="protocol"/> answered with an error of <paramref name="errorType"/>.</summary>
    public void LogsExportFailed(string protocol, string errorType) => _logsErrors.Add(1, protocol, errorType);

    internal void LogsThrottled(int count) => _logsThrottled.Add(count);

    internal void LogsStored(int count, TimeSpan elapsed)
    {
        _logsStored.Add(count);
        _storeWriteDuration.Record(elapsed.TotalSeconds);
    }

    internal void LogsStoreFailed(int count) => _logsStoreFailed.Add(count);

    /// <summary>Counts log records evicted from a bounded store.</summary>
    public void LogsEvicted(int count) => _logsEvicted.Add(count);
}
