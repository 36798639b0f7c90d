using System.ComponentModel.DataAnnotations;
using Qyl.Ingest.Configuration;

namespace Qyl.Hub.ScaleOut;

/// <summary>
/// Configuration section <c>Qyl:ScaleOut</c>: how hub instances sharing <c>Qyl:Redis</c> and one
/// PostgreSQL relay live spans to each other. Only read when <c>Qyl:Redis</c> is set.
/// </summary>
public sealed class ScaleOutOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = QylConfigKeys.ScaleOut;

    /// <summary>
    /// How long a block that does not follow the last one handed out waits for the missing blocks
    /// to arrive over Redis before they are read from the store (<c>Qyl:ScaleOut:HoleWaitMilliseconds</c>).
    /// Pub/sub normally delivers within a millisecond or two; the wait only matters when a message
    /// was lost (a Redis reconnect), and it is the most live spans are held back then.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Qyl:ScaleOut:HoleWaitMilliseconds must be between 1 and 10000.")]
    public int HoleWaitMilliseconds { get; set; } = 200;

    /// <summary>
    /// After this long without a block, the store is read for spans written after the last one handed
    /// out (<c>Qyl:ScaleOut:CatchUpIntervalMilliseconds</c>). This is how spans ingested on other
    /// instances still arrive, late but complete, while Redis is down or a message was lost.
    /// </summary>
    [Range(50, 60_000, ErrorMessage = "Qyl:ScaleOut:CatchUpIntervalMilliseconds must be between 50 and 60000.")]
    public int CatchUpIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Spans read from the store per query while filling a hole or catching up (<c>Qyl:ScaleOut:StoreReadPageSpans</c>).</summary>
    [Range(1, 100_000, ErrorMessage = "Qyl:ScaleOut:StoreReadPageSpans must be between 1 and 100000.")]
    public int StoreReadPageSpans { get; set; } = 2000;

    /// <summary>
    /// The Redis pub/sub channel the instances share (<c>Qyl:ScaleOut:Channel</c>); give separate
    /// deployments on one Redis separate channels.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Qyl:ScaleOut:Channel must not be empty.")]
    public string Channel { get; set; } = "qyl:spans";

    /// <summary>
    /// Local blocks waiting to be published to Redis (<c>Qyl:ScaleOut:MaxPendingPublishes</c>). When Redis
    /// is slow the oldest are dropped: the other instances then read those spans from the store.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Qyl:ScaleOut:MaxPendingPublishes must be between 1 and 1000000.")]
    public int MaxPendingPublishes { get; set; } = 1024;
}
