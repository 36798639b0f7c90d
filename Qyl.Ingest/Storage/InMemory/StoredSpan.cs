using Qyl.Contracts;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>
/// A retained span in the embedded store's compact form: one object and one attribute array per
/// span where a <see cref="SpanRecord"/> takes six to eight (the record, its attribute dictionary's
/// object, buckets and entries, the span and parent id strings). Every string is shared with other
/// spans where it repeats (<see cref="SpanInterner"/>); ids are kept as bits. Reads hand out
/// <see cref="ToRecord"/>, a fresh record; live delivery never reads this form (it sends the
/// records ingest decoded), so the retained heap the GC walks is this and only this.
/// </summary>
/// <remarks>
/// Fields rather than properties: the store builds one per span under its lock and reads them in
/// its indexes; nothing outside the store sees one.
/// </remarks>
internal sealed class StoredSpan
{
    public long Seq;
    /// <summary>The trace's one id string (its aggregate's), set when the span is indexed.</summary>
    public required string TraceId;
    public StoredId SpanId;
    public StoredId ParentSpanId;
    public required string Name;
    public required string Kind;
    public required string ServiceName;
    public string? SessionId;
    public long StartTimeUnixNano;
    public long? EndTimeUnixNano;
    public double? DurationMs;
    public bool InProgress;
    public required string Status;
    public string? StatusMessage;
    public GenAiInfo? GenAi;
    /// <summary>The span attributes in the order they came, keys unique.</summary>
    public required KeyValuePair<string, object?>[] Attributes;
    /// <summary>Shared with every span of the service while its resource stays the same.</summary>
    public required Dictionary<string, object?> ResourceAttributes;
    public required List<SpanEventRecord> Events;
    public string? ScopeName;

    /// <summary>The hash of (traceId, spanId), computed once: the id sets hash a span on add, on removal and on eviction.</summary>
    public int IdentityHash;

    /// <summary>Sets <see cref="IdentityHash"/> from the ids; the trace id string may be replaced later by one with the same text.</summary>
    public void HashIdentity() => IdentityHash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(TraceId), SpanId.GetHashCode());

    /// <summary>True for the root span: no parent.</summary>
    public bool IsRoot => ParentSpanId.IsNone;

    /// <summary>The span as the store's readers get it: a new record of its own (the attribute dictionary too).</summary>
    public SpanRecord ToRecord()
    {
        var attributes = new Dictionary<string, object?>(Attributes.Length, StringComparer.Ordinal);
        foreach (var (key, value) in Attributes)
        {
            attributes[key] = value;
        }
        return new SpanRecord
        {
            Seq = Seq,
            TraceId = TraceId,
            SpanId = SpanId.ToText()!,
            ParentSpanId = ParentSpanId.ToText(),
            Name = Name,
            Kind = Kind,
            ServiceName = ServiceName,
            SessionId = SessionId,
            StartTimeUnixNano = StartTimeUnixNano,
            EndTimeUnixNano = EndTimeUnixNano,
            DurationMs = DurationMs,
            InProgress = InProgress,
            Status = Status,
            StatusMessage = StatusMessage,
            GenAi = GenAi,
            Attributes = attributes,
            ResourceAttributes = ResourceAttributes,
            Events = Events,
            ScopeName = ScopeName,
        };
    }

    /// <summary>Spans are the same span when (traceId, spanId) are: the OTLP identity, used for dedup.</summary>
    public sealed class Identity : IEqualityComparer<StoredSpan>
    {
        public static Identity Instance { get; } = new();

        public bool Equals(StoredSpan? x, StoredSpan? y) =>
            x is not null && y is not null && x.SpanId.Equals(y.SpanId) && string.Equals(x.TraceId, y.TraceId, StringComparison.Ordinal);

        public int GetHashCode(StoredSpan obj) => obj.IdentityHash;
    }
}
