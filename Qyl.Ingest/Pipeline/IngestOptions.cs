using System.ComponentModel.DataAnnotations;
using Qyl.Ingest.Configuration;

namespace Qyl.Ingest.Pipeline;

/// <summary>Configuration section <c>Qyl:Ingest</c>.</summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = QylConfigKeys.Ingest;

    /// <summary>
    /// Largest OTLP request body accepted, after decompression (<c>Qyl:Ingest:MaxRequestBodyBytes</c>).
    /// 20 MiB holds tens of thousands of spans; exporters batch far below that.
    /// </summary>
    [Range(1024, int.MaxValue, ErrorMessage = "Qyl:Ingest:MaxRequestBodyBytes must be between 1024 and 2147483647.")]
    public int MaxRequestBodyBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// Spans waiting for the store before new requests are turned away with 429 / RESOURCE_EXHAUSTED
    /// (<c>Qyl:Ingest:MaxQueuedSpans</c>). Bounds the memory ingest can hold when the store is slow.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "Qyl:Ingest:MaxQueuedSpans must be between 1 and 10000000.")]
    public int MaxQueuedSpans { get; set; } = 200_000;

    /// <summary>
    /// Most spans the writer hands to the store in one append (<c>Qyl:Ingest:MaxSpansPerWrite</c>):
    /// concurrent requests are group-committed up to this size.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Qyl:Ingest:MaxSpansPerWrite must be between 1 and 1000000.")]
    public int MaxSpansPerWrite { get; set; } = 8192;

    /// <summary>Seconds a client is told to wait (<c>Retry-After</c>) when ingest is overloaded (<c>Qyl:Ingest:RetryAfterSeconds</c>).</summary>
    [Range(1, 3600, ErrorMessage = "Qyl:Ingest:RetryAfterSeconds must be between 1 and 3600.")]
    public int RetryAfterSeconds { get; set; } = 1;
}
