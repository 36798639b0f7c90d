using System.Diagnostics.Metrics;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Storage;

namespace Qyl.Ingest;

/// <summary>The meter <c>Qyl.Ingest</c>: what arrives, what is stored, what is turned away.</summary>
public sealed partial class IngestMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Qyl.Ingest";

    /// <summary>The <c>protocol</c> values of the OTLP receivers.</summary>
    public static readonly string[] Protocols = [OtlpTraceExporter.HttpProtobuf, OtlpTraceExporter.HttpJson, OtlpTraceExporter.Grpc];

    /// <summary>The <c>reason</c> values of <c>qyl.ingest.spans.rejected</c>.</summary>
    public static readonly string[] RejectReasons = [InvalidId];

    /// <summary>A span whose trace, span or parent id has the wrong length.</summary>
    public const string InvalidId = "invalid_id";

    // Every counter is declared with its label values, so each series is exported at 0 from startup.
    private readonly DeclaredCounter _received;
    private readonly DeclaredCounter _rejected;
    private readonly DeclaredCounter _queueFull;
    private readonly DeclaredCounter _stored;
    private readonly DeclaredCounter _duplicates;
    private readonly DeclaredCounter _storeFailed;
    private readonly DeclaredCounter _evicted;
    private readonly Histogram<double> _storeWriteDuration;
    private readonly DeclaredCounter _errors;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        var protocol = new DeclaredLabel("protocol", Protocols);
        _received = DeclaredCounter.Create(meter, "qyl.ingest.spans", "{span}", "Spans received over OTLP, by protocol.", protocol);
        _rejected = DeclaredCounter.Create(meter, "qyl.ingest.spans.rejected", "{span}", "Spans rejected (invalid ids, malformed), by reason.", new DeclaredLabel("reason", RejectReasons));
        _queueFull = DeclaredCounter.Create(meter, "qyl.ingest.spans.throttled", "{span}", "Spans turned away because the ingest queue was full.");
        _stored = DeclaredCounter.Create(meter, "qyl.store.spans.stored", "{span}", "Spans newly stored.");
        _duplicates = DeclaredCounter.Create(meter, "qyl.store.spans.duplicate", "{span}", "Spans received again under a stored (traceId, spanId).");
        _storeFailed = DeclaredCounter.Create(meter, "qyl.store.spans.failed", "{span}", "Spans the store failed to write.");
        _evicted = DeclaredCounter.Create(meter, "qyl.store.spans.evicted", "{span}", "Spans evicted from the embedded store to stay within its bound.");
        // Seconds need explicit buckets: the SDK's defaults (0, 5, 10, ... 10000) are meant for
        // milliseconds and would put every write in the first bucket.
        _storeWriteDuration = meter.CreateHistogram<double>(
            "qyl.store.write.duration", "s", "Time to store one group-committed write.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _errors = DeclaredCounter.Create(
            meter, "qyl.ingest.errors", "{request}",
            "OTLP export requests answered with an error, by protocol and error.type (malformed, too_large, unsupported_media_type, overloaded, unavailable).",
            protocol, new DeclaredLabel("error.type", OtlpErrorTypes.All));
        CreateLogInstruments(meter, protocol);
    }

    /// <summary>Counts spans received over <paramref name="protocol"/> (<c>http/protobuf</c>, <c>http/json</c>, <c>grpc</c>).</summary>
    public void Received(string protocol, int count) =>
        _received.Add(count, protocol);

    /// <summary>Counts rejected spans with a short reason.</summary>
    public void Rejected(string reason, int count) =>
        _rejected.Add(count, reason);

    /// <summary>Counts an OTLP export request over <paramref name="protocol"/> answered with an error of <paramref name="errorType"/>.</summary>
    public void ExportFailed(string protocol, string errorType) =>
        _errors.Add(1, protocol, errorType);

    internal void QueueFull(int count) => _queueFull.Add(count);

    internal void Stored(AppendResult result, TimeSpan elapsed)
    {
        _stored.Add(result.Stored);
        if (result.Duplicates > 0)
        {
            _duplicates.Add(result.Duplicates);
        }
        _storeWriteDuration.Record(elapsed.TotalSeconds);
    }

    internal void StoreFailed(int count) => _storeFailed.Add(count);

    /// <summary>Counts spans evicted from a bounded store.</summary>
    public void Evicted(int count) => _evicted.Add(count);
}
