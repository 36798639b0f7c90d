using System.Diagnostics.Metrics;

namespace Qyl.Ingest;

/// <summary>
/// The log-record instruments of <c>Qyl.Ingest</c>: the span instruments' counterparts, as their
/// own series (<c>qyl_ingest_logs_total{protocol}</c> and friends) so span dashboards and alerts
/// keep their meaning when logs arrive.
/// </summary>
public sealed partial class IngestMetrics
{
    private Counter<long> _logsReceived = null!;
    private Counter<long> _logsRejected = null!;
    private Counter<long> _logsThrottled = null!;
    private Counter<long> _logsStored = null!;
    private Counter<long> _logsStoreFailed = null!;
    private Counter<long> _logsEvicted = null!;
    private Counter<long> _logsErrors = null!;

    private void CreateLogInstruments(Meter meter)
    {
        _logsReceived = meter.CreateCounter<long>("qyl.ingest.logs", "{log}", "Log records received over OTLP, by protocol.");
        _logsRejected = meter.CreateCounter<long>("qyl.ingest.logs.rejected", "{log}", "Log records rejected (invalid ids), by reason.");
        _logsThrottled = meter.CreateCounter<long>("qyl.ingest.logs.throttled", "{log}", "Log records turned away because the ingest queue was full.");
        _logsStored = meter.CreateCounter<long>("qyl.store.logs.stored", "{log}", "Log records stored.");
        _logsStoreFailed = meter.CreateCounter<long>("qyl.store.logs.failed", "{log}", "Log records the store failed to write.");
        _logsEvicted = meter.CreateCounter<long>("qyl.store.logs.evicted", "{log}", "Log records evicted from the embedded store to stay within its bound.");
        _logsErrors = meter.CreateCounter<long>(
            "qyl.ingest.logs.errors", "{request}",
            "OTLP logs export requests answered with an error, by protocol and error.type (malformed, too_large, unsupported_media_type, overloaded, unavailable).");
    }

    /// <summary>Counts log records received over <paramref name="protocol"/>.</summary>
    public void LogsReceived(string protocol, int count) =>
        _logsReceived.Add(count, new KeyValuePair<string, object?>("protocol", protocol));

    /// <summary>Counts rejected log records with a short reason.</summary>
    public void LogsRejected(string reason, int count) =>
        _logsRejected.Add(count, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts an OTLP logs export request over <paramref name="protocol"/> answered with an error of <paramref name="errorType"/>.</summary>
    public void LogsExportFailed(string protocol, string errorType) =>
        _logsErrors.Add(1, new KeyValuePair<string, object?>("protocol", protocol), new KeyValuePair<string, object?>("error.type", errorType));

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
