using Qyl.Contracts;

namespace Qyl.Ingest.Otlp.Protobuf;

/// <summary>
/// Decodes an OTLP/protobuf <c>ExportTraceServiceRequest</c> straight into <see cref="SpanRecord"/>s,
/// with the mapping rules of <see cref="OtlpSpanMapper"/> (shared through <see cref="OtlpSpanRules"/>
/// and <see cref="OtlpLiftedAttributes"/>) and its per-span rejection. There are no intermediate
/// message objects: the resource's attributes and service name and the scope name are decoded once
/// and shared by their spans, repeated short strings come from <see cref="Utf8StringCache"/>, and a
/// trace id repeated by consecutive spans is hex-encoded once. That about halves decode and map
/// time per span and cuts its allocation to a third (BENCHMARKS.md, ingest);
/// <see cref="OtlpSpanMapper"/> over the generated classes stays the reference the equivalence
/// tests compare against.
/// </summary>
/// <remarks>
/// Field numbers are those of the OTLP protos in Otlp/Protos. Fields may come in any order and
/// repeat: as in protobuf's merge rules, a repeated scalar's last value wins, a repeated embedded
/// message merges into the earlier one, and repeated fields append. Unknown fields are skipped.
/// Span links are not part of the record; they are still read, so a malformed link is refused as
/// the generated parser would refuse it.
/// </remarks>
public static partial class OtlpProtobufDecoder
{
    // Tags: (field number << 3) | wire type.
    private const uint RequestResourceSpans = (1 << 3) | 2;
    private const uint ResourceSpansResource = (1 << 3) | 2;
    private const uint ResourceSpansScopeSpans = (2 << 3) | 2;
    private const uint ResourceAttributes = (1 << 3) | 2;
    private const uint ScopeSpansScope = (1 << 3) | 2;
    private const uint ScopeSpansSpans = (2 << 3) | 2;
    private const uint ScopeName = (1 << 3) | 2;
    private const uint ScopeVersion = (2 << 3) | 2;
    private const uint ScopeAttributes = (3 << 3) | 2;
    private const uint SchemaUrl = (3 << 3) | 2;

    // Spans without events share one empty list rather than 32 bytes each: stored records are
    // immutable, and nothing in qyl adds to a record's events.
    private static readonly List<SpanEventRecord> NoEvents = [];

    /// <summary>
    /// Decodes and maps every span of <paramref name="body"/>, rejecting spans with malformed ids
    /// (counted, with the first reason, for <c>partialSuccess</c>). Throws
    /// <see cref="OtlpDecodeException"/> when the body is not a valid request.
    /// </summary>
    public static OtlpMappedBatch Decode(ReadOnlySpan<byte> body)
    {
        var decoding = new Decoding(Utf8StringCache.Shared, ResourceCache.Shared);
        var reader = new ProtoReader(body, 0);
        while (reader.TryReadTag(out var tag))
        {
            if (tag == RequestResourceSpans)
            {
                decoding.ReadResourceSpans(reader.ReadMessage());
            }
            else
            {
                reader.Skip(tag);
            }
        }
        return decoding.ToBatch();
    }

    /// <summary>The state of one request's decoding: the spans so far and reusable scratch lists.</summary>
    private sealed partial class Decoding(Utf8StringCache strings, ResourceCache resources)
    {
        private readonly List<SpanRecord> _spans = [];
        private readonly Stack<List<Attribute>> _freeLists = new();
        private readonly Stack<List<object?>> _freeValues = new();
        private readonly byte[] _lastTraceId = new byte[16];
        private string? _lastTraceIdHex;
        // Span ids are 8 bytes once validated.
        private readonly byte[] _lastSpanId = new byte[8];
        private readonly byte[] _lastParentId = new byte[8];
        private string? _lastSpanIdHex;
        private string? _lastParentIdHex;
        private Dictionary<string, object?>? _lastEventAttributes;
        private int _rejected;
        private string? _firstError;

        public OtlpMappedBatch ToBatch() => new(_spans, _rejected, OtlpSpanRules.RejectionSummary(_rejected, _firstError));

        public void ReadResourceSpans(ProtoReader reader)
        {
            var resourceInfo = ScanResource(reader);
            while (reader.TryReadTag(out var tag))
            {
                if (tag == ResourceSpansScopeSpans)
                {
                    ReadScopeSpans(reader.ReadMessage(), resourceInfo);
                }
                else
                {
                    reader.Skip(tag);
                }
            }
        }

        /// <summary>
        /// The resource of a ResourceSpans or ResourceLogs (same field numbers: resource 1, schema
        /// url 3). It may follow its scopes on the wire, so it is found by a scan of its own before
        /// the scopes are read, and every record can share its attributes and service name.
        /// </summary>
        private ResourceInfo ScanResource(ProtoReader scan)
        {
            var attributes = RentList();
            while (scan.TryReadTag(out var tag))
            {
                if (tag == SchemaUrl)
                {
                    Utf8StringCache.Validate(scan.ReadBytes());
                }
                else if (tag == ResourceSpansResource)
                {
                    var resource = scan.ReadMessage();
                    while (resource.TryReadTag(out var inner))
                    {
                        if (inner == ResourceAttributes)
                        {
                            attributes.Add(ReadKeyValue(resource.ReadMessage()));
                        }
                        else
                        {
                            resource.Skip(inner);
                        }
                    }
                }
                else
                {
                    scan.Skip(tag);
                }
            }
            var resourceInfo = resources.Get(attributes);
            ReturnList(attributes);
            return resourceInfo;
        }

        private void ReadScopeSpans(ProtoReader reader, ResourceInfo resource)
        {
            var scopeName = ScanScopeName(reader);
            while (reader.TryReadTag(out var tag))
            {
                if (tag == ScopeSpansSpans)
                {
                    ReadSpan(reader.ReadMessage(), resource, scopeName);
                }
                else
                {
                    reader.Skip(tag);
                }
            }
        }

        /// <summary>
        /// The scope name of a ScopeSpans or ScopeLogs (same field numbers: scope 1, schema url 3),
        /// by a scan of its own since the scope may follow its records; null when empty.
        /// </summary>
        private string? ScanScopeName(ProtoReader scan)
        {
            string? scopeName = null;
            while (scan.TryReadTag(out var tag))
            {
                if (tag == SchemaUrl)
                {
                    Utf8StringCache.Validate(scan.ReadBytes());
                }
                else if (tag == ScopeSpansScope)
                {
                    scopeName = ReadScopeName(scan.ReadMessage(), scopeName);
                }
                else
                {
                    scan.Skip(tag);
                }
            }
            return OtlpSpanRules.NullIfEmpty(scopeName);
        }

        /// <summary>The scope's name; a repeated scope merges, so its name keeps the earlier one unless set again.</summary>
        private string? ReadScopeName(ProtoReader reader, string? name)
        {
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case ScopeName:
                        name = strings.Get(reader.ReadBytes());
                        break;
                    case ScopeVersion:
                        Utf8StringCache.Validate(reader.ReadBytes());
                        break;
                    case ScopeAttributes:
                        // Not part of the record, but read so malformed bytes are refused as the generated parser does.
                        ReadKeyValue(reader.ReadMessage());
                        break;
                    default:
                        reader.Skip(tag);
                        break;
                }
            }
            return name;
        }

        private string TraceIdHex(ReadOnlySpan<byte> traceId)
        {
            // Spans of one trace usually arrive together: encode the shared id once.
            if (_lastTraceIdHex is not null && traceId.SequenceEqual(_lastTraceId))
            {
                return _lastTraceIdHex;
            }
            traceId.CopyTo(_lastTraceId);
            return _lastTraceIdHex = OtlpSpanRules.Hex(traceId);
        }

        private string SpanIdHex(ReadOnlySpan<byte> spanId)
        {
            var hex = OtlpSpanRules.Hex(spanId);
            spanId.CopyTo(_lastSpanId);
            _lastSpanIdHex = hex;
            return hex;
        }

        private string ParentIdHex(ReadOnlySpan<byte> parentId)
        {
            // Siblings name one parent, which is often the span just before them (a root sent
            // first): reuse its string rather than a 56-byte one per span.
            if (_lastParentIdHex is not null && parentId.SequenceEqual(_lastParentId))
            {
                return _lastParentIdHex;
            }
            var hex = _lastSpanIdHex is not null && parentId.SequenceEqual(_lastSpanId)
                ? _lastSpanIdHex
                : OtlpSpanRules.Hex(parentId);
            parentId.CopyTo(_lastParentId);
            return _lastParentIdHex = hex;
        }

        private List<Attribute> RentList() => _freeLists.TryPop(out var list) ? list : [];

        private void ReturnList(List<Attribute> list)
        {
            list.Clear();
            _freeLists.Push(list);
        }

        private List<object?> RentValues() => _freeValues.TryPop(out var list) ? list : [];

        private void ReturnValues(List<object?> list)
        {
            list.Clear();
            _freeValues.Push(list);
        }
    }
}
