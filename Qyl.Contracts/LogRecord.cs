using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using MessagePack;

namespace Qyl.Contracts;

/// <summary>
/// One OTLP log record (or event) as qyl stores and delivers it. Its <see cref="Seq"/> comes from
/// the same sequence as <see cref="SpanRecord.Seq"/> in that store, so one cursor orders and
/// resumes spans and logs together. JSON uses these camelCase names; MessagePack the same keys.
/// </summary>
[DataContract]
public sealed record LogRecord
{
    /// <summary>Assigned by qyl on accept, from the same sequence as span seqs. The resume cursor.</summary>
    [DataMember(Name = "seq")] public long Seq { get => _seq; init => _seq = value; }

    private long _seq;

    /// <summary>Trace id of the span the record belongs to (32 lowercase hex characters), or null.</summary>
    [DataMember(Name = "traceId")] public string? TraceId { get; init; }

    /// <summary>Span id of the span the record belongs to (16 lowercase hex characters), or null.</summary>
    [DataMember(Name = "spanId")] public string? SpanId { get; init; }

    /// <summary>Resource attribute <c>service.name</c>, or <c>unknown_service</c>.</summary>
    [DataMember(Name = "serviceName")] public required string ServiceName { get; init; }

    /// <summary>The record's <c>session.id</c>, else its <c>gen_ai.conversation.id</c>, else its span's session, else null.</summary>
    [DataMember(Name = "sessionId")] public string? SessionId { get; init; }

    /// <summary>Event time in nanoseconds since the Unix epoch; the observed time when the producer sent 0.</summary>
    [DataMember(Name = "timeUnixNano")] public long TimeUnixNano { get; init; }

    /// <summary>When the collector or SDK observed the record, nanoseconds since the Unix epoch.</summary>
    [DataMember(Name = "observedTimeUnixNano")] public long ObservedTimeUnixNano { get; init; }

    /// <summary>OTLP severity number (1-24; 0 unspecified).</summary>
    [DataMember(Name = "severityNumber")] public int SeverityNumber { get; init; }

    /// <summary>Severity as the producer wrote it (<c>INFO</c>, <c>Error</c>...), or null.</summary>
    [DataMember(Name = "severityText")] public string? SeverityText { get; init; }

    /// <summary>LogRecord <c>event_name</c>, else attribute <c>event.name</c>, else null.</summary>
    [DataMember(Name = "eventName")] public string? EventName { get; init; }

    /// <summary>The body, OTLP AnyValue mapped by the <see cref="AttributeValues"/> rules as attributes are.</summary>
    [DataMember(Name = "body")][JsonConverter(typeof(AttributeValueJsonConverter))][MessagePackFormatter(typeof(AttributeValueFormatter))]
    public object? Body { get; init; }

    /// <summary>Record attributes; OTLP AnyValue mapped by the <see cref="AttributeValues"/> rules.</summary>
    [DataMember(Name = "attributes")][JsonConverter(typeof(AttributeMapJsonConverter))][MessagePackFormatter(typeof(AttributeMapFormatter))]
    public Dictionary<string, object?> Attributes { get; init; } = [];

    /// <summary>Resource attributes; OTLP AnyValue mapped by the <see cref="AttributeValues"/> rules.</summary>
    [DataMember(Name = "resourceAttributes")][JsonConverter(typeof(AttributeMapJsonConverter))][MessagePackFormatter(typeof(AttributeMapFormatter))]
    public Dictionary<string, object?> ResourceAttributes { get; init; } = [];

    /// <summary>Instrumentation scope name, or null.</summary>
    [DataMember(Name = "scopeName")] public string? ScopeName { get; init; }

    // As SpanRecord.TryAssignSeq: a record never sequenced is still owned by its decoder, so the
    // store may set the seq once, under its lock, before anyone else can see it.
    internal bool TryAssignSeq(long seq)
    {
        if (_seq != 0)
        {
            return false;
        }
        _seq = seq;
        return true;
    }
}

/// <summary>The argument of the hub's client method <c>Logs</c>: log records of one subscription, in seq order.</summary>
[DataContract]
public sealed record LogBatch
{
    /// <summary>The subscription key (canonical filter) these records matched.</summary>
    [DataMember(Name = "key")] public required string Key { get; init; }

    /// <summary>Records in ascending <see cref="LogRecord.Seq"/> order.</summary>
    [DataMember(Name = "logs")] public required IReadOnlyList<LogRecord> Logs { get; init; }
}

/// <summary>The body of <c>GET /api/v1/logs</c>: records in seq order and the cursor for the next page.</summary>
public sealed record LogPage(IReadOnlyList<LogRecord> Logs, long NextAfterSeq);
