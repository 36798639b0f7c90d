using System.ComponentModel.DataAnnotations;
using Qyl.Ingest.Configuration;

namespace Qyl.Ingest.Storage;

/// <summary>Configuration section <c>Qyl:Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = QylConfigKeys.Storage;

    /// <summary>
    /// Spans the embedded store keeps before evicting the oldest (<c>Qyl:Storage:MaxSpans</c>).
    /// Bounds its memory; PostgreSQL ignores it and uses retention instead.
    /// </summary>
    [Range(1, 50_000_000, ErrorMessage = "Qyl:Storage:MaxSpans must be between 1 and 50000000.")]
    public int MaxSpans { get; set; } = 200_000;

    /// <summary>
    /// Log records the embedded store keeps before evicting the oldest (<c>Qyl:Storage:MaxLogs</c>),
    /// bounded apart from spans so a chatty logger cannot push spans out. PostgreSQL ignores it.
    /// </summary>
    [Range(1, 50_000_000, ErrorMessage = "Qyl:Storage:MaxLogs must be between 1 and 50000000.")]
    public int MaxLogs { get; set; } = 200_000;

    /// <summary>Hours a span or log record is kept in PostgreSQL before the background cleanup removes it (<c>Qyl:Storage:RetentionHours</c>).</summary>
    [Range(1, 24 * 365 * 10, ErrorMessage = "Qyl:Storage:RetentionHours must be between 1 and 87600.")]
    public int RetentionHours { get; set; } = 72;
}
