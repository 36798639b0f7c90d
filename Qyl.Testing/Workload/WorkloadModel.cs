using Qyl.Contracts;

namespace Qyl.Testing.Workload;

/// <summary>
/// One attribute as an SDK sends it. <see cref="Value"/> is a <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/> or <see cref="T:string[]"/> (an OTLP array of strings).
/// </summary>
public readonly record struct WorkloadAttribute(string Key, object Value);

/// <summary>A span event; <see cref="AgoNanos"/> is how long before the request's "now" it happened.</summary>
public sealed record WorkloadEvent(string Name, long AgoNanos, IReadOnlyList<WorkloadAttribute> Attributes);

/// <summary>The instrumentation library a span comes from (one OTLP <c>ScopeSpans</c> each).</summary>
public enum WorkloadScope
{
    /// <summary>The GenAI instrumentation (agent, chat and tool spans).</summary>
    GenAi,
    /// <summary>The HTTP client instrumentation.</summary>
    HttpClient,
    /// <summary>The database client instrumentation.</summary>
    Database,
    /// <summary>The web framework (server spans).</summary>
    HttpServer,
}

/// <summary>
/// One span of a workload body, before ids and times are stamped: ids come from the request number
/// and the slots, times from "now" minus the <c>Ago</c> offsets. <see cref="GenAi"/> and
/// <see cref="SessionId"/> are what qyl is expected to lift from the attributes (the generator knows
/// what it wrote), so the span records rendered from a body can be compared with what the decoder makes.
/// </summary>
public sealed class WorkloadSpan
{
    /// <summary>Position in the body (the low half of the span id is <c>Slot + 1</c>).</summary>
    public required int Slot { get; init; }

    /// <summary>The trace's position in the body (the low 4 bytes of the trace id are <c>TraceSlot + 1</c>).</summary>
    public required int TraceSlot { get; init; }

    /// <summary>The parent's <see cref="Slot"/>, or -1 for a root.</summary>
    public int ParentSlot { get; init; } = -1;

    /// <summary>Span name.</summary>
    public required string Name { get; init; }

    /// <summary>OTLP <c>SpanKind</c>: 1 internal, 2 server, 3 client.</summary>
    public required int Kind { get; init; }

    /// <summary>The instrumentation scope.</summary>
    public required WorkloadScope Scope { get; init; }

    /// <summary>Start, nanoseconds before the request's "now".</summary>
    public long StartAgoNanos { get; set; }

    /// <summary>End, nanoseconds before the request's "now".</summary>
    public long EndAgoNanos { get; set; }

    /// <summary>OTLP status code: 0 unset, 1 ok, 2 error.</summary>
    public int StatusCode { get; set; }

    /// <summary>Status message (errors only).</summary>
    public string? StatusMessage { get; set; }

    /// <summary>Attributes in the order they are sent.</summary>
    public List<WorkloadAttribute> Attributes { get; } = [];

    /// <summary>Events in the order they are sent.</summary>
    public List<WorkloadEvent> Events { get; } = [];

    /// <summary>The GenAI fields the hub lifts from these attributes, or null.</summary>
    public GenAiInfo? GenAi { get; set; }

    /// <summary>The session the hub lifts (<c>session.id</c>, else <c>gen_ai.conversation.id</c>).</summary>
    public string? SessionId { get; set; }

    /// <summary>Adds an attribute.</summary>
    public WorkloadSpan With(string key, object value)
    {
        Attributes.Add(new WorkloadAttribute(key, value));
        return this;
    }
}

/// <summary>A process that exports telemetry: its resource and its instrumentation scopes.</summary>
/// <param name="Name">service.name.</param>
/// <param name="Language">telemetry.sdk.language (dotnet, python, nodejs).</param>
/// <param name="Resource">Resource attributes in the order the SDK sends them (service.name first).</param>
/// <param name="Scopes">Scope name and version per <see cref="WorkloadScope"/>.</param>
public sealed record WorkloadService(
    string Name, string Language, IReadOnlyList<WorkloadAttribute> Resource, IReadOnlyDictionary<WorkloadScope, (string Name, string Version)> Scopes);

/// <summary>One OTLP export request: one service instance's spans, grouped by scope when encoded.</summary>
/// <param name="Index">Body number in the workload.</param>
/// <param name="Service">The exporting service instance.</param>
/// <param name="Spans">Spans in slot order (parents before children).</param>
public sealed record WorkloadBody(int Index, WorkloadService Service, IReadOnlyList<WorkloadSpan> Spans);
