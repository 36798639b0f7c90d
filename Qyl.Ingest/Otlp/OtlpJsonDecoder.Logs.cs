using System.Text.Json;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;
using Qyl.Ingest.Otlp.Proto.Logs;

namespace Qyl.Ingest.Otlp;

/// <summary>
/// The OTLP/JSON encoding of <see cref="ExportLogsServiceRequest"/>, with the rules of the trace
/// request: hex trace and span ids, lowerCamelCase or snake_case names, 64-bit integers as strings
/// or numbers, enums as integers or names, unknown fields ignored.
/// </summary>
public static partial class OtlpJsonDecoder
{
    private static readonly string[] s_severityNames =
    [
        "UNSPECIFIED",
        "TRACE", "TRACE2", "TRACE3", "TRACE4",
        "DEBUG", "DEBUG2", "DEBUG3", "DEBUG4",
        "INFO", "INFO2", "INFO3", "INFO4",
        "WARN", "WARN2", "WARN3", "WARN4",
        "ERROR", "ERROR2", "ERROR3", "ERROR4",
        "FATAL", "FATAL2", "FATAL3", "FATAL4",
    ];

    /// <summary>Decodes a logs export request, or throws <see cref="OtlpDecodeException"/> saying what is wrong.</summary>
    public static ExportLogsServiceRequest DecodeLogs(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, s_options);
        }
        catch (JsonException ex)
        {
            throw new OtlpDecodeException($"The body is not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            var request = new ExportLogsServiceRequest();
            foreach (var property in Properties(document.RootElement, "ExportLogsServiceRequest"))
            {
                if (Name(property) == "resourceLogs")
                {
                    foreach (var item in Items(property))
                    {
                        request.ResourceLogs.Add(ReadResourceLogs(item));
                    }
                }
            }
            return request;
        }
    }

    private static ResourceLogs ReadResourceLogs(JsonElement element)
    {
        var result = new ResourceLogs();
        foreach (var property in Properties(element, "ResourceLogs"))
        {
            switch (Name(property))
            {
                case "resource":
                    result.Resource = ReadResource(property.Value);
                    break;
                case "scopeLogs":
                    foreach (var item in Items(property))
                    {
                        result.ScopeLogs.Add(ReadScopeLogs(item));
                    }
                    break;
                case "schemaUrl":
                    result.SchemaUrl = String(property);
                    break;
            }
        }
        return result;
    }

    private static ScopeLogs ReadScopeLogs(JsonElement element)
    {
        var result = new ScopeLogs();
        foreach (var property in Properties(element, "ScopeLogs"))
        {
            switch (Name(property))
            {
                case "scope":
                    result.Scope = ReadScope(property.Value);
                    break;
                case "logRecords":
                    foreach (var item in Items(property))
                    {
                        result.LogRecords.Add(ReadLogRecord(item));
                    }
                    break;
                case "schemaUrl":
                    result.SchemaUrl = String(property);
                    break;
            }
        }
        return result;
    }

    private static LogRecord ReadLogRecord(JsonElement element)
    {
        var record = new LogRecord();
        foreach (var property in Properties(element, "LogRecord"))
        {
            switch (Name(property))
            {
                case "timeUnixNano": record.TimeUnixNano = (ulong)Int64(property); break;
                case "observedTimeUnixNano": record.ObservedTimeUnixNano = (ulong)Int64(property); break;
                case "severityNumber": record.SeverityNumber = (SeverityNumber)Enum(property, "SEVERITY_NUMBER_", s_severityNames); break;
                case "severityText": record.SeverityText = String(property); break;
                case "body": record.Body = ReadAnyValue(property.Value); break;
                case "attributes": ReadKeyValues(property, record.Attributes); break;
                case "droppedAttributesCount": record.DroppedAttributesCount = (uint)Int64(property); break;
                case "flags": record.Flags = (uint)Int64(property); break;
                case "traceId": record.TraceId = HexId(property); break;
                case "spanId": record.SpanId = HexId(property); break;
                case "eventName": record.EventName = String(property); break;
            }
        }
        return record;
    }
}
