using System.Runtime.Serialization;

namespace Qyl.Contracts;

/// <summary>
/// The summary view of a span (<c>filter.view = "summary"</c>): what a live list shows, without
/// attributes, resource, events or message content. The field names are those of
/// <see cref="SpanRecord"/>, so a reader of full records reads these too (the missing fields take
/// their defaults); the whole record is one <c>GET /api/v1/traces/{traceId}</c> away.
/// </summary>
[DataContract]
public sealed record SpanSummary
{
    /// <inheritdoc cref="SpanRecord.Seq"/>
    [DataMember(Name = "seq")] public long Seq { get; init; }

    /// <inheritdoc cref="SpanRecord.TraceId"/>
    [DataMember(Name = "traceId")] public required string TraceId { get; init; }

    /// <inheritdoc cref="SpanRecord.SpanId"/>
    [DataMember(Name = "spanId")] public required string SpanId { get; init; }

    /// <inheritdoc cref="SpanRecord.ParentSpanId"/>
    [DataMember(Name = "parentSpanId")] public string? ParentSpanId { get; init; }

    /// <inheritdoc cref="SpanRecord.Name"/>
    [DataMember(Name = "name")] public required string Name { get; init; }

    /// <inheritdoc cref="SpanRecord.Kind"/>
    [DataMember(Name = "kind")] public string Kind { get; init; } = SpanKinds.Internal;

    /// <inheritdoc cref="SpanRecord.ServiceName"/>
    [DataMember(Name = "serviceName")] public required string ServiceName { get; init; }

    /// <inheritdoc cref="SpanRecord.SessionId"/>
    [DataMember(Name = "sessionId")] public string? SessionId { get; init; }

    /// <inheritdoc cref="SpanRecord.StartTimeUnixNano"/>
    [DataMember(Name = "startTimeUnixNano")] public long StartTimeUnixNano { get; init; }

    /// <inheritdoc cref="SpanRecord.EndTimeUnixNano"/>
    [DataMember(Name = "endTimeUnixNano")] public long? EndTimeUnixNano { get; init; }

    /// <inheritdoc cref="SpanRecord.DurationMs"/>
    [DataMember(Name = "durationMs")] public double? DurationMs { get; init; }

    /// <inheritdoc cref="SpanRecord.Status"/>
    [DataMember(Name = "status")] public string Status { get; init; } = SpanStatuses.Unset;

    /// <inheritdoc cref="SpanRecord.InProgress"/>
    [DataMember(Name = "inProgress")] public bool InProgress { get; init; }

    /// <inheritdoc cref="SpanRecord.GenAi"/>
    [DataMember(Name = "genAi")] public GenAiSummary? GenAi { get; init; }

    /// <summary>The summary of <paramref name="span"/>.</summary>
    public static SpanSummary From(SpanRecord span)
    {
        ArgumentNullException.ThrowIfNull(span);
        return new SpanSummary
        {
            Seq = span.Seq,
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            ParentSpanId = span.ParentSpanId,
            Name = span.Name,
            Kind = span.Kind,
            ServiceName = span.ServiceName,
            SessionId = span.SessionId,
            StartTimeUnixNano = span.StartTimeUnixNano,
            EndTimeUnixNano = span.EndTimeUnixNano,
            DurationMs = span.DurationMs,
            Status = span.Status,
            InProgress = span.InProgress,
            GenAi = span.GenAi is { } genAi ? GenAiSummary.From(genAi) : null,
        };
    }

    /// <summary>
    /// This summary as a <see cref="SpanRecord"/>, its other fields at their defaults: what a reader of
    /// full records (such as <c>Qyl.Client</c>) makes of a summary-view span.
    /// </summary>
    public SpanRecord ToRecord() => new()
    {
        Seq = Seq,
        TraceId = TraceId,
        SpanId = SpanId,
        ParentSpanId = ParentSpanId,
        Name = Name,
        Kind = Kind,
        ServiceName = ServiceName,
        SessionId = SessionId,
        StartTimeUnixNano = StartTimeUnixNano,
        EndTimeUnixNano = EndTimeUnixNano,
        DurationMs = DurationMs,
        Status = Status,
        InProgress = InProgress,
        GenAi = GenAi is { } genAi
            ? new GenAiInfo
            {
                OperationName = genAi.OperationName,
                RequestModel = genAi.RequestModel,
                InputTokens = genAi.InputTokens,
                OutputTokens = genAi.OutputTokens,
                CostUsd = genAi.CostUsd,
            }
            : null,
    };

    /// <summary>The summaries of <paramref name="spans"/>, in order.</summary>
    public static SpanSummary[] From(IReadOnlyList<SpanRecord> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var summaries = new SpanSummary[spans.Count];
        for (var i = 0; i < summaries.Length; i++)
        {
            summaries[i] = From(spans[i]);
        }
        return summaries;
    }
}

/// <summary>The summary view's GenAI block: operation, requested model, token counts and cost.</summary>
[DataContract]
public sealed record GenAiSummary
{
    /// <inheritdoc cref="GenAiInfo.OperationName"/>
    [DataMember(Name = "operationName")] public required string OperationName { get; init; }

    /// <inheritdoc cref="GenAiInfo.RequestModel"/>
    [DataMember(Name = "requestModel")] public string? RequestModel { get; init; }

    /// <inheritdoc cref="GenAiInfo.InputTokens"/>
    [DataMember(Name = "inputTokens")] public long? InputTokens { get; init; }

    /// <inheritdoc cref="GenAiInfo.OutputTokens"/>
    [DataMember(Name = "outputTokens")] public long? OutputTokens { get; init; }

    /// <inheritdoc cref="GenAiInfo.CostUsd"/>
    [DataMember(Name = "costUsd")] public double? CostUsd { get; init; }

    /// <summary>The summary of <paramref name="genAi"/>.</summary>
    public static GenAiSummary From(GenAiInfo genAi)
    {
        ArgumentNullException.ThrowIfNull(genAi);
        return new GenAiSummary
        {
            OperationName = genAi.OperationName,
            RequestModel = genAi.RequestModel,
            InputTokens = genAi.InputTokens,
            OutputTokens = genAi.OutputTokens,
            CostUsd = genAi.CostUsd,
        };
    }
}

/// <summary>
/// Summary-view spans for one subscription, sent with the same client method and shape as
/// <see cref="SpanBatch"/> (<c>Spans</c>: <c>{ key, spans }</c>).
/// </summary>
[DataContract]
public sealed record SpanSummaryBatch
{
    /// <inheritdoc cref="SpanBatch.Key"/>
    [DataMember(Name = "key")] public required string Key { get; init; }

    /// <summary>The spans, ascending by seq.</summary>
    [DataMember(Name = "spans")] public required IReadOnlyList<SpanSummary> Spans { get; init; }
}
