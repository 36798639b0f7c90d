using System.Runtime.Serialization;

namespace Qyl.Contracts;

/// <summary>The argument of <see cref="ITelemetryClient.Spans"/>: spans of one subscription, in seq order.</summary>
[DataContract]
public sealed record SpanBatch
{
    /// <summary>The subscription key (canonical filter) these spans matched.</summary>
    [DataMember(Name = "key")] public required string Key { get; init; }

    /// <summary>Spans in ascending <see cref="SpanRecord.Seq"/> order.</summary>
    [DataMember(Name = "spans")] public required IReadOnlyList<SpanRecord> Spans { get; init; }
}

/// <summary>
/// The argument of <see cref="ITelemetryClient.Dropped"/>: spans in [<see cref="FromSeq"/>,
/// <see cref="ToSeq"/>] matching the subscription were not delivered (a slow client's backlog
/// overflowed, or a resume asked for spans the store no longer holds). Fetch what is still stored
/// from <c>GET /api/v1/spans?afterSeq=</c>.
/// </summary>
[DataContract]
public sealed record DroppedNotice
{
    /// <summary>The subscription key.</summary>
    [DataMember(Name = "key")] public required string Key { get; init; }

    /// <summary>First seq of the range not delivered.</summary>
    [DataMember(Name = "fromSeq")] public long FromSeq { get; init; }

    /// <summary>Last seq of the range not delivered.</summary>
    [DataMember(Name = "toSeq")] public long ToSeq { get; init; }

    /// <summary>How many spans of the subscription are known to be missing in the range (0 when the server cannot know, e.g. before a restart of the embedded store).</summary>
    [DataMember(Name = "count")] public long Count { get; init; }
}

/// <summary>Server → client methods of the telemetry hub.</summary>
public interface ITelemetryClient
{
    /// <summary>A batch of spans for one subscription.</summary>
    Task Spans(SpanBatch batch);

    /// <summary>Spans (or, for a log subscription, log records) of one subscription that were not delivered.</summary>
    Task Dropped(DroppedNotice notice);

    /// <summary>A batch of log records for one log subscription (<see cref="ITelemetryHub.SubscribeLogs"/>).</summary>
    Task Logs(LogBatch batch);
}

/// <summary>Client → server methods of the telemetry hub at <see cref="TelemetryHubPaths.Hub"/>.</summary>
public interface ITelemetryHub
{
    /// <summary>
    /// Subscribes to spans matching <paramref name="filter"/>. With <paramref name="resumeAfterSeq"/>
    /// the server first sends every stored matching span after it, then live spans, with no gap and
    /// no duplicate. Returns the subscription key (<see cref="SpanFilter.CanonicalKey"/>).
    /// </summary>
    Task<string> Subscribe(SpanFilter filter, long? resumeAfterSeq);

    /// <summary>
    /// Subscribes to log records matching <paramref name="filter"/> (the same fields as for spans;
    /// <c>genAiOnly</c> keeps records whose event name or any attribute key starts with <c>gen_ai.</c>),
    /// delivered with <see cref="ITelemetryClient.Logs"/>; resume and Dropped as for
    /// <see cref="Subscribe"/>. Returns the subscription key, <see cref="TelemetryHubPaths.LogsKey"/>.
    /// </summary>
    Task<string> SubscribeLogs(SpanFilter filter, long? resumeAfterSeq);

    /// <summary>Ends the subscription with this key (span or log) on this connection.</summary>
    Task Unsubscribe(string key);
}

/// <summary>Well-known paths and method names.</summary>
public static class TelemetryHubPaths
{
    /// <summary>The hub's path.</summary>
    public const string Hub = "/hubs/telemetry";

    /// <summary>Client method receiving <see cref="SpanBatch"/>.</summary>
    public const string SpansMethod = nameof(ITelemetryClient.Spans);

    /// <summary>Client method receiving <see cref="DroppedNotice"/>.</summary>
    public const string DroppedMethod = nameof(ITelemetryClient.Dropped);

    /// <summary>Client method receiving <see cref="LogBatch"/>.</summary>
    public const string LogsMethod = nameof(ITelemetryClient.Logs);

    /// <summary>What a log subscription's key starts with; the rest is the filter's <see cref="SpanFilter.CanonicalKey"/>.</summary>
    public const string LogsKeyPrefix = "logs:";

    /// <summary>
    /// The key of a log subscription to <paramref name="filter"/>: <c>logs:</c> and the canonical
    /// filter (<c>logs:*</c>, <c>logs:serviceName=checkout</c>), so a connection subscribed to spans and
    /// logs with one filter can tell their batches and Dropped notices apart; known in advance, as for spans.
    /// </summary>
    public static string LogsKey(SpanFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return LogsKeyPrefix + filter.CanonicalKey;
    }
}
