using Qyl.Contracts;
using Qyl.Ingest.Otlp.Logs;

namespace Qyl.Ingest.Otlp.Protobuf;

/// <summary>
/// <c>ExportLogsServiceRequest</c> straight into <see cref="LogRecord"/>s, with the rules of
/// <see cref="OtlpLogMapper"/> (shared through <see cref="OtlpLogRules"/>) and the decoder's sharing:
/// cached short strings, one resource dictionary per service across requests, one scope name per
/// scope. ResourceLogs and ScopeLogs have the field numbers of ResourceSpans and ScopeSpans, so the
/// resource and scope scans are the spans' own.
/// </summary>
public static partial class OtlpProtobufDecoder
{
    private const uint RequestResourceLogs = (1 << 3) | 2;
    private const uint ResourceLogsScopeLogs = (2 << 3) | 2;
    private const uint ScopeLogsLogRecords = (2 << 3) | 2;
    private const uint LogTime = (1 << 3) | 1;
    private const uint LogSeverityNumber = (2 << 3) | 0;
    private const uint LogSeverityText = (3 << 3) | 2;
    private const uint LogBody = (5 << 3) | 2;
    private const uint LogAttributes = (6 << 3) | 2;
    private const uint LogTraceId = (9 << 3) | 2;
    private const uint LogSpanId = (10 << 3) | 2;
    private const uint LogObservedTime = (11 << 3) | 1;
    private const uint LogEventName = (12 << 3) | 2;

    /// <summary>
    /// Decodes and maps every log record of <paramref name="body"/>, rejecting records with malformed
    /// ids (counted, with the first reason, for <c>partialSuccess</c>). Throws
    /// <see cref="OtlpDecodeException"/> when the body is not a valid request.
    /// </summary>
    public static OtlpMappedLogBatch DecodeLogs(ReadOnlySpan<byte> body)
    {
        var decoding = new Decoding(Utf8StringCache.Shared, ResourceCache.Shared);
        var reader = new ProtoReader(body, 0);
        while (reader.TryReadTag(out var tag))
        {
            if (tag == RequestResourceLogs)
            {
                decoding.ReadResourceLogs(reader.ReadMessage());
            }
            else
            {
                reader.Skip(tag);
            }
        }
        return decoding.ToLogBatch();
    }

    private sealed partial class Decoding
    {
        private List<LogRecord>? _logs;
        private int _logIndex;

        public OtlpMappedLogBatch ToLogBatch() =>
            new(_logs ?? [], _rejected, OtlpLogRules.RejectionSummary(_rejected, _firstError));

        public void ReadResourceLogs(ProtoReader reader)
        {
            var resource = ScanResource(reader);
            while (reader.TryReadTag(out var tag))
            {
                if (tag == ResourceLogsScopeLogs)
                {
                    ReadScopeLogs(reader.ReadMessage(), resource);
                }
                else
                {
                    reader.Skip(tag);
                }
            }
        }

        private void ReadScopeLogs(ProtoReader reader, ResourceInfo resource)
        {
            var scopeName = ScanScopeName(reader);
            while (reader.TryReadTag(out var tag))
            {
                if (tag == ScopeLogsLogRecords)
                {
                    ReadLogRecord(reader.ReadMessage(), resource, scopeName);
                }
                else
                {
                    reader.Skip(tag);
                }
            }
        }

        private void ReadLogRecord(ProtoReader reader, ResourceInfo resource, string? scopeName)
        {
            ReadOnlySpan<byte> traceId = default, spanId = default, severityText = default, eventName = default;
            ulong time = 0, observed = 0;
            var severity = 0;
            var body = default(AnyValueState);
            var attributes = RentList();
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case LogTime: time = reader.ReadFixed64(); break;
                    case LogObservedTime: observed = reader.ReadFixed64(); break;
                    // An enum is an int32 varint; a number outside 1-24 is kept as sent.
                    case LogSeverityNumber: severity = (int)reader.ReadVarint64(); break;
                    // Decoded once at the end; a value it replaces must still be valid UTF-8.
                    case LogSeverityText: Utf8StringCache.Validate(severityText); severityText = reader.ReadBytes(); break;
                    case LogEventName: Utf8StringCache.Validate(eventName); eventName = reader.ReadBytes(); break;
                    // A repeated body merges into the earlier AnyValue, as the generated parser does.
                    case LogBody: ReadAnyValue(reader.ReadMessage(), ref body); break;
                    case LogAttributes: attributes.Add(ReadKeyValue(reader.ReadMessage())); break;
                    case LogTraceId: traceId = reader.ReadBytes(); break;
                    case LogSpanId: spanId = reader.ReadBytes(); break;
                    default: reader.Skip(tag); break;
                }
            }

            var bodyValue = Materialize(ref body);
            var severityString = severityText.IsEmpty ? null : strings.Get(severityText);
            var eventNameString = eventName.IsEmpty ? null : strings.Get(eventName);
            var index = _logIndex++;
            var error = OtlpLogRules.ValidateIds(traceId.Length, spanId.Length);
            if (error is not null)
            {
                ReturnList(attributes);
                _rejected++;
                _firstError ??= OtlpLogRules.RejectedRecord(index, error);
                return;
            }

            var lifted = default(OtlpLogLiftedAttributes);
            var recordAttributes = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
            foreach (var attribute in attributes)
            {
                lifted.Observe(attribute.Key, attribute.Kind, attribute.Value);
                recordAttributes[attribute.Key] = attribute.Value;
            }
            ReturnList(attributes);

            (_logs ??= []).Add(new LogRecord
            {
                // Records of one trace usually arrive together: its id is encoded once.
                TraceId = traceId.Length == 0 || !traceId.ContainsAnyExcept((byte)0) ? null : TraceIdHex(traceId),
                SpanId = OtlpLogRules.HexOrNull(spanId),
                ServiceName = resource.ServiceName,
                SessionId = lifted.SessionId,
                TimeUnixNano = OtlpLogRules.Time(time, observed),
                ObservedTimeUnixNano = (long)observed,
                SeverityNumber = severity,
                SeverityText = severityString,
                EventName = lifted.EventName(eventNameString),
                Body = bodyValue,
                Attributes = recordAttributes,
                // Immutable once stored: the records of one resource share one dictionary.
                ResourceAttributes = resource.Attributes,
                ScopeName = scopeName,
            });
        }
    }
}
