using Qyl.Contracts;

namespace Qyl.Ingest.Otlp.Protobuf;

/// <summary>Span, event, status and link.</summary>
public static partial class OtlpProtobufDecoder
{
    private const uint SpanTraceId = (1 << 3) | 2;
    private const uint SpanSpanId = (2 << 3) | 2;
    private const uint SpanTraceState = (3 << 3) | 2;
    private const uint SpanParentSpanId = (4 << 3) | 2;
    private const uint SpanName = (5 << 3) | 2;
    private const uint SpanKind = (6 << 3) | 0;
    private const uint SpanStartTime = (7 << 3) | 1;
    private const uint SpanEndTime = (8 << 3) | 1;
    private const uint SpanAttributes = (9 << 3) | 2;
    private const uint SpanEvents = (11 << 3) | 2;
    private const uint SpanLinks = (13 << 3) | 2;
    private const uint SpanStatus = (15 << 3) | 2;
    private const uint EventTime = (1 << 3) | 1;
    private const uint EventName = (2 << 3) | 2;
    private const uint EventAttributes = (3 << 3) | 2;
    private const uint LinkTraceState = (3 << 3) | 2;
    private const uint LinkAttributes = (4 << 3) | 2;
    private const uint StatusMessage = (2 << 3) | 2;
    private const uint StatusCode = (3 << 3) | 0;

    private sealed partial class Decoding
    {
        private void ReadSpan(ProtoReader reader, ResourceInfo resource, string? scopeName)
        {
            ReadOnlySpan<byte> traceId = default, spanId = default, parentSpanId = default, name = default;
            ReadOnlySpan<byte> statusMessage = default;
            var kind = 0;
            var statusCode = 0;
            ulong start = 0, end = 0;
            List<SpanEventRecord>? events = null;
            var attributes = RentList();
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case SpanTraceId: traceId = reader.ReadBytes(); break;
                    case SpanSpanId: spanId = reader.ReadBytes(); break;
                    case SpanParentSpanId: parentSpanId = reader.ReadBytes(); break;
                    case SpanTraceState: Utf8StringCache.Validate(reader.ReadBytes()); break;
                    // Decoded once at the end; a name it replaces must still be valid UTF-8.
                    case SpanName: Utf8StringCache.Validate(name); name = reader.ReadBytes(); break;
                    // Enums are int32 varints; an unknown kind maps like any other unknown value.
                    case SpanKind: kind = (int)reader.ReadVarint64(); break;
                    case SpanStartTime: start = reader.ReadFixed64(); break;
                    case SpanEndTime: end = reader.ReadFixed64(); break;
                    case SpanAttributes: attributes.Add(ReadKeyValue(reader.ReadMessage())); break;
                    case SpanEvents: (events ??= []).Add(ReadEvent(reader.ReadMessage())); break;
                    case SpanLinks: ReadLink(reader.ReadMessage()); break;
                    case SpanStatus: ReadStatus(reader.ReadMessage(), ref statusMessage, ref statusCode); break;
                    default: reader.Skip(tag); break;
                }
            }

            var spanName = strings.Get(name);
            var error = OtlpSpanRules.ValidateIds(traceId.Length, spanId.Length, parentSpanId.Length);
            if (error is not null)
            {
                ReturnList(attributes);
                _rejected++;
                _firstError ??= OtlpSpanRules.RejectedSpan(spanName, error);
                return;
            }

            var lifted = default(OtlpLiftedAttributes);
            var spanAttributes = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
            foreach (var attribute in attributes)
            {
                lifted.Observe(attribute.Key, attribute.Kind, attribute.Value);
                spanAttributes[attribute.Key] = attribute.Value;
            }
            ReturnList(attributes);

            // Before SpanIdHex: the parent is compared with the previous span's id, not this one's.
            var parentHex = OtlpSpanRules.IsRootParent(parentSpanId) ? null : ParentIdHex(parentSpanId);
            _spans.Add(OtlpPendingSpans.Apply(new SpanRecord
            {
                TraceId = TraceIdHex(traceId),
                SpanId = SpanIdHex(spanId),
                ParentSpanId = parentHex,
                Name = spanName,
                Kind = OtlpSpanRules.Kind(kind),
                ServiceName = resource.ServiceName,
                SessionId = lifted.SessionId,
                StartTimeUnixNano = (long)start,
                EndTimeUnixNano = (long)end,
                DurationMs = OtlpSpanRules.DurationMs((long)start, (long)end),
                Status = OtlpSpanRules.Status(statusCode),
                StatusMessage = statusMessage.IsEmpty ? null : strings.Get(statusMessage),
                GenAi = lifted.GenAi,
                Attributes = spanAttributes,
                // Records are immutable once stored, so the spans of one resource share one dictionary.
                ResourceAttributes = resource.Attributes,
                Events = events ?? NoEvents,
                ScopeName = scopeName,
            }));
        }

        private SpanEventRecord ReadEvent(ProtoReader reader)
        {
            ulong time = 0;
            ReadOnlySpan<byte> name = default;
            var attributes = RentList();
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case EventTime: time = reader.ReadFixed64(); break;
                    case EventName: Utf8StringCache.Validate(name); name = reader.ReadBytes(); break;
                    case EventAttributes: attributes.Add(ReadKeyValue(reader.ReadMessage())); break;
                    default: reader.Skip(tag); break;
                }
            }
            // Events of one kind often carry the same attributes span after span (gen_ai.choice's
            // index and finish_reason): one dictionary for the request while they repeat.
            if (_lastEventAttributes is null || !SameAttributes(_lastEventAttributes, attributes))
            {
                _lastEventAttributes = ToDictionary(attributes);
            }
            var record = new SpanEventRecord { Name = strings.Get(name), TimeUnixNano = (long)time, Attributes = _lastEventAttributes };
            ReturnList(attributes);
            return record;
        }

        /// <summary>A repeated status merges: each field keeps its earlier value unless set again.</summary>
        private static void ReadStatus(ProtoReader reader, ref ReadOnlySpan<byte> message, ref int code)
        {
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case StatusMessage:
                        message = reader.ReadBytes();
                        Utf8StringCache.Validate(message);
                        break;
                    case StatusCode: code = (int)reader.ReadVarint64(); break;
                    default: reader.Skip(tag); break;
                }
            }
        }

        /// <summary>Links are not part of the record; they are read only to refuse malformed bytes.</summary>
        private void ReadLink(ProtoReader reader)
        {
            while (reader.TryReadTag(out var tag))
            {
                if (tag == LinkAttributes)
                {
                    ReadKeyValue(reader.ReadMessage());
                }
                else if (tag == LinkTraceState)
                {
                    Utf8StringCache.Validate(reader.ReadBytes());
                }
                else
                {
                    reader.Skip(tag);
                }
            }
        }
    }
}
