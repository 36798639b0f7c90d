using System.Runtime.CompilerServices;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using MessagePack;

// The embedded store stamps the seq on a record it is handed rather than copying the record (see
// SpanRecord.TryAssignSeq); nothing else outside this assembly can change a record.
[assembly: InternalsVisibleTo("Qyl.Ingest")]

namespace Qyl.Contracts;

/// <summary>
/// One span as qyl stores and delivers it. JSON uses these camelCase names; MessagePack uses
/// the same names as map keys (through <see cref="DataMemberAttribute"/>), so every client reads
/// one shape whatever the protocol.
/// </summary>
[DataContract]
public sealed record SpanRecord
{
    /// <summary>Assigned by qyl on accept: strictly increasing per store and never reused. The resume cursor.</summary>
    [DataMember(Name = "seq")] public long Seq { get => _seq; init => _seq = value; }

    private long _seq;

    // Never null, whatever a deserializer passes for a field the payload left out (System.Text.Json's
    // source generator sets every init-only property, missing ones to null): a summary-view span
    // read as a SpanRecord has these empty.
    private Dictionary<string, object?> _attributes = [];
    private Dictionary<string, object?> _resourceAttributes = [];
    private List<SpanEventRecord> _events = [];

    /// <summary>Trace id, 32 lowercase hex characters.</summary>
    [DataMember(Name = "traceId")] public required string TraceId { get; init; }

    /// <summary>Span id, 16 lowercase hex characters.</summary>
    [DataMember(Name = "spanId")] public required string SpanId { get; init; }

    /// <summary>Parent span id, or null for a root span.</summary>
    [DataMember(Name = "parentSpanId")] public string? ParentSpanId { get; init; }

    /// <summary>Span name.</summary>
    [DataMember(Name = "name")] public required string Name { get; init; }

    /// <summary>One of <see cref="SpanKinds"/>.</summary>
    [DataMember(Name = "kind")] public string Kind { get; init; } = SpanKinds.Internal;

    /// <summary>Resource attribute <c>service.name</c>, or <c>unknown_service</c>.</summary>
    [DataMember(Name = "serviceName")] public required string ServiceName { get; init; }

    /// <summary>Span attribute <c>session.id</c>, else <c>gen_ai.conversation.id</c>, else null.</summary>
    [DataMember(Name = "sessionId")] public string? SessionId { get; init; }

    /// <summary>Start time in nanoseconds since the Unix epoch.</summary>
    [DataMember(Name = "startTimeUnixNano")] public long StartTimeUnixNano { get; init; }

    /// <summary>End time in nanoseconds since the Unix epoch; null while the span is <see cref="InProgress"/>.</summary>
    [DataMember(Name = "endTimeUnixNano")] public long? EndTimeUnixNano { get; init; }

    /// <summary>End minus start, in milliseconds; null while the span is <see cref="InProgress"/>.</summary>
    [DataMember(Name = "durationMs")] public double? DurationMs { get; init; }

    /// <summary>
    /// True for the record of a span that has started but not ended (from a start marker: the Logfire
    /// pending-span convention, or <c>Qyl.OpenTelemetry</c>); its end and duration are null. The
    /// finished record of the same span follows under a new seq with this false.
    /// </summary>
    [DataMember(Name = "inProgress")] public bool InProgress { get; init; }

    /// <summary>One of <see cref="SpanStatuses"/>.</summary>
    [DataMember(Name = "status")] public string Status { get; init; } = SpanStatuses.Unset;

    /// <summary>The status description, or null.</summary>
    [DataMember(Name = "statusMessage")] public string? StatusMessage { get; init; }

    /// <summary>GenAI details, present when the span has <c>gen_ai.operation.name</c>.</summary>
    [DataMember(Name = "genAi")] public GenAiInfo? GenAi { get; init; }

    /// <summary>Span attributes not lifted into fields above; OTLP AnyValue mapped by the <see cref="AttributeValues"/> rules.</summary>
    [DataMember(Name = "attributes")][JsonConverter(typeof(AttributeMapJsonConverter))][MessagePackFormatter(typeof(AttributeMapFormatter))]
    public Dictionary<string, object?> Attributes { get => _attributes; init => _attributes = value ?? []; }

    /// <summary>Resource attributes; OTLP AnyValue mapped by the <see cref="AttributeValues"/> rules.</summary>
    [DataMember(Name = "resourceAttributes")][JsonConverter(typeof(AttributeMapJsonConverter))][MessagePackFormatter(typeof(AttributeMapFormatter))]
    public Dictionary<string, object?> ResourceAttributes { get => _resourceAttributes; init => _resourceAttributes = value ?? []; }

    /// <summary>Span events in the order the exporter sent them.</summary>
    [DataMember(Name = "events")] public List<SpanEventRecord> Events { get => _events; init => _events = value ?? []; }

    /// <summary>Instrumentation scope name, or null.</summary>
    [DataMember(Name = "scopeName")] public string? ScopeName { get; init; }

    // Storing a decoded span used to copy the whole record (160 bytes and its copying, per span,
    // at 250,000 spans/s) only to set the seq. A record that was never sequenced is still owned by
    // whoever decoded it and published nowhere, so the store may set the seq once, under its lock,
    // before anyone else can see the record; a record that already has one is never changed.
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

/// <summary>A span event.</summary>
[DataContract]
public sealed record SpanEventRecord
{
    /// <summary>Event name.</summary>
    [DataMember(Name = "name")] public required string Name { get; init; }

    /// <summary>Event time in nanoseconds since the Unix epoch.</summary>
    [DataMember(Name = "timeUnixNano")] public long TimeUnixNano { get; init; }

    /// <summary>Event attributes.</summary>
    [DataMember(Name = "attributes")][JsonConverter(typeof(AttributeMapJsonConverter))][MessagePackFormatter(typeof(AttributeMapFormatter))]
    public Dictionary<string, object?> Attributes { get; init; } = [];
}

/// <summary>The GenAI semantic-convention fields of a span.</summary>
[DataContract]
public sealed record GenAiInfo
{
    /// <summary><c>gen_ai.operation.name</c>.</summary>
    [DataMember(Name = "operationName")] public required string OperationName { get; init; }

    /// <summary><c>gen_ai.provider.name</c>, else <c>gen_ai.system</c>.</summary>
    [DataMember(Name = "providerName")] public string? ProviderName { get; init; }

    /// <summary><c>gen_ai.request.model</c>.</summary>
    [DataMember(Name = "requestModel")] public string? RequestModel { get; init; }

    /// <summary><c>gen_ai.response.model</c>.</summary>
    [DataMember(Name = "responseModel")] public string? ResponseModel { get; init; }

    /// <summary><c>gen_ai.usage.input_tokens</c>.</summary>
    [DataMember(Name = "inputTokens")] public long? InputTokens { get; init; }

    /// <summary><c>gen_ai.usage.output_tokens</c>.</summary>
    [DataMember(Name = "outputTokens")] public long? OutputTokens { get; init; }

    /// <summary><c>gen_ai.agent.name</c>.</summary>
    [DataMember(Name = "agentName")] public string? AgentName { get; init; }

    /// <summary><c>gen_ai.tool.name</c>.</summary>
    [DataMember(Name = "toolName")] public string? ToolName { get; init; }

    /// <summary>
    /// The call's cost in USD from qyl's price table (list prices, or <c>Qyl:Pricing:File</c>), set once
    /// at ingest; null when the span has no token counts or its model has no known price.
    /// </summary>
    [DataMember(Name = "costUsd")] public double? CostUsd { get => _costUsd; init => _costUsd = value; }

    private double? _costUsd;

    // Pricing happens after decoding, in the one transport-neutral export step, on a record nobody
    // else has seen yet (as SpanRecord.TryAssignSeq): copying the record and this object to set one
    // number would cost two allocations per model call.
    internal void AssignCost(double? costUsd) => _costUsd = costUsd;
}

/// <summary>The values of <see cref="SpanRecord.Kind"/>.</summary>
public static class SpanKinds
{
    /// <summary>Internal operation (also used for unspecified).</summary>
    public const string Internal = "internal";
    /// <summary>Server side of a synchronous call.</summary>
    public const string Server = "server";
    /// <summary>Client side of a synchronous call.</summary>
    public const string Client = "client";
    /// <summary>Sender of an asynchronous message.</summary>
    public const string Producer = "producer";
    /// <summary>Receiver of an asynchronous message.</summary>
    public const string Consumer = "consumer";
}

/// <summary>The values of <see cref="SpanRecord.Status"/>.</summary>
public static class SpanStatuses
{
    /// <summary>No status set.</summary>
    public const string Unset = "unset";
    /// <summary>Explicitly successful.</summary>
    public const string Ok = "ok";
    /// <summary>Failed.</summary>
    public const string Error = "error";
}
