using Qyl.Contracts;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;
using Qyl.Ingest.Otlp.Proto.Resource;
using OtlpLogRecord = Qyl.Ingest.Otlp.Proto.Logs.LogRecord;

namespace Qyl.Ingest.Otlp.Logs;

/// <summary>
/// OTLP log records to <see cref="LogRecord"/>s (docs/api.md "Logs") from the generated
/// message classes: the path of OTLP/JSON, and the reference that the protobuf decoder (the hot
/// path) is tested against. Pure: no I/O, no clock. Each record is checked on its own, so one bad
/// record never sinks its batch and <c>rejectedLogRecords</c> is exact.
/// </summary>
public static class OtlpLogMapper
{
    /// <summary>Maps every record of <paramref name="request"/>, rejecting those with malformed ids.</summary>
    public static OtlpMappedLogBatch Map(ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var logs = new List<LogRecord>();
        var rejected = 0;
        var index = 0;
        string? firstError = null;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = resourceLogs.Resource ?? new Resource();
            string? serviceName = null;
            var resourceAttributes = OtlpAttributes.ToDictionary(resource.Attributes, ref serviceName);
            var service = OtlpLiftedAttributes.ServiceNameOrDefault(serviceName);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scopeName = OtlpSpanRules.NullIfEmpty(scopeLogs.Scope?.Name);
                foreach (var record in scopeLogs.LogRecords)
                {
                    var error = OtlpLogRules.ValidateIds(record.TraceId.Length, record.SpanId.Length);
                    if (error is not null)
                    {
                        rejected++;
                        firstError ??= OtlpLogRules.RejectedRecord(index, error);
                    }
                    else
                    {
                        // Records of one resource share its dictionary: they are immutable once stored.
                        logs.Add(MapRecord(record, service, resourceAttributes, scopeName));
                    }
                    index++;
                }
            }
        }
        return new OtlpMappedLogBatch(logs, rejected, OtlpLogRules.RejectionSummary(rejected, firstError));
    }

    private static LogRecord MapRecord(OtlpLogRecord record, string serviceName, Dictionary<string, object?> resourceAttributes, string? scopeName)
    {
        var lifted = default(OtlpLogLiftedAttributes);
        var attributes = new Dictionary<string, object?>(record.Attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in record.Attributes)
        {
            var value = OtlpAttributes.ToValue(attribute.Value);
            lifted.Observe(attribute.Key, OtlpAttributes.KindOf(attribute.Value), value);
            attributes[attribute.Key] = value;
        }
        return new LogRecord
        {
            TraceId = OtlpLogRules.HexOrNull(record.TraceId.Span),
            SpanId = OtlpLogRules.HexOrNull(record.SpanId.Span),
            ServiceName = serviceName,
            SessionId = lifted.SessionId,
            TimeUnixNano = OtlpLogRules.Time(record.TimeUnixNano, record.ObservedTimeUnixNano),
            ObservedTimeUnixNano = (long)record.ObservedTimeUnixNano,
            SeverityNumber = (int)record.SeverityNumber,
            SeverityText = OtlpSpanRules.NullIfEmpty(record.SeverityText),
            EventName = lifted.EventName(record.EventName),
            Body = OtlpAttributes.ToValue(record.Body),
            Attributes = attributes,
            ResourceAttributes = resourceAttributes,
            ScopeName = scopeName,
        };
    }
}
