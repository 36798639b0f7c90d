using System.ComponentModel.DataAnnotations;
using Qyl.Ingest.Configuration;

namespace Qyl.Hub.Streaming;

/// <summary>Configuration section <c>Qyl:Streaming</c>: batching and per-client bounds of the live path.</summary>
public sealed class StreamingOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = QylConfigKeys.Streaming;

    /// <summary>
    /// A fixed delay before the flusher takes a group's spans (<c>Qyl:Streaming:BatchWindowMilliseconds</c>).
    /// 0 (the default) takes them as soon as the flusher is free: an idle hub sends a span at once,
    /// and under load a batch holds what arrived while the previous flush ran, so batching grows with
    /// load without adding latency when there is none. A window only adds latency to every span.
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Qyl:Streaming:BatchWindowMilliseconds must be between 0 and 1000.")]
    public int BatchWindowMilliseconds { get; set; }

    /// <summary>Most spans in one batch (<c>Qyl:Streaming:MaxBatchSpans</c>); a full batch goes out at once.</summary>
    [Range(1, 100_000, ErrorMessage = "Qyl:Streaming:MaxBatchSpans must be between 1 and 100000.")]
    public int MaxBatchSpans { get; set; } = 256;

    /// <summary>
    /// Spans waiting for one connection before its oldest batches are dropped and it is told with
    /// <c>Dropped</c> (<c>Qyl:Streaming:MaxBacklogSpansPerConnection</c>). Bounds server memory per client.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "Qyl:Streaming:MaxBacklogSpansPerConnection must be between 1 and 10000000.")]
    public int MaxBacklogSpansPerConnection { get; set; } = 10_000;

    /// <summary>Subscriptions one hub connection may hold (<c>Qyl:Streaming:MaxSubscriptionsPerConnection</c>).</summary>
    [Range(1, 10_000, ErrorMessage = "Qyl:Streaming:MaxSubscriptionsPerConnection must be between 1 and 10000.")]
    public int MaxSubscriptionsPerConnection { get; set; } = 64;

    /// <summary>Spans read from the store per page while a subscription resumes (<c>Qyl:Streaming:ReplayPageSpans</c>).</summary>
    [Range(1, 100_000, ErrorMessage = "Qyl:Streaming:ReplayPageSpans must be between 1 and 100000.")]
    public int ReplayPageSpans { get; set; } = 500;

    /// <summary>
    /// Spans the fan-out remembers after publishing them (<c>Qyl:Streaming:RecentSpans</c>): a resume
    /// reads them after the store, covering spans published but not yet visible in the store.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Qyl:Streaming:RecentSpans must be between 1 and 1000000.")]
    public int RecentSpans { get; set; } = 8192;

    /// <summary>
    /// Seconds between <c>: heartbeat</c> comments on an idle SSE stream (<c>Qyl:Streaming:SseHeartbeatSeconds</c>),
    /// so proxies that close quiet connections keep it open.
    /// </summary>
    [Range(1, 3600, ErrorMessage = "Qyl:Streaming:SseHeartbeatSeconds must be between 1 and 3600.")]
    public int SseHeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// Seconds after its start at which an in-progress span with no finished record yet is shown as
    /// stale, not dropped (<c>Qyl:Streaming:InProgressTimeoutSeconds</c>): its process may have died
    /// before the span ended. The dashboard reads it from <c>GET /api/v1/settings</c>.
    /// </summary>
    [Range(1, 604_800, ErrorMessage = "Qyl:Streaming:InProgressTimeoutSeconds must be between 1 and 604800 (a week).")]
    public int InProgressTimeoutSeconds { get; set; } = 600;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBacklogSpansPerConnection < MaxBatchSpans)
        {
            yield return new ValidationResult(
                $"Qyl:Streaming:MaxBacklogSpansPerConnection ({MaxBacklogSpansPerConnection}) must be at least Qyl:Streaming:MaxBatchSpans ({MaxBatchSpans}): one batch must fit a backlog.",
                [nameof(MaxBacklogSpansPerConnection)]);
        }
    }
}
