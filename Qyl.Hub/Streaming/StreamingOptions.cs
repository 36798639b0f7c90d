using System.ComponentModel.DataAnnotations;

namespace Qyl.Hub.Streaming;

/// <summary>Configuration section <c>Qyl:Streaming</c>: batching and per-client bounds of the live path.</summary>
public sealed class StreamingOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Qyl:Streaming";

    /// <summary>
    /// How long a group's spans are coalesced before they go out as one <c>Spans</c> message
    /// (<c>Qyl:Streaming:BatchWindowMilliseconds</c>). A few milliseconds is invisible to a person and
    /// turns thousands of per-span messages into a few batches. 0 sends as soon as the flusher runs.
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Qyl:Streaming:BatchWindowMilliseconds must be between 0 and 1000.")]
    public int BatchWindowMilliseconds { get; set; } = 5;

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
