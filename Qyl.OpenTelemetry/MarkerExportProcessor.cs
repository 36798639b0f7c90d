using System.Diagnostics;
using OpenTelemetry;

namespace Qyl.OpenTelemetry;

/// <summary>
/// Batches and exports start markers only. It is registered with the provider (rather than held
/// privately) because only a registered processor has the provider's resource passed to its
/// exporter; the provider therefore also hands it every finished span, which it ignores: those are
/// the provider's own exporter's job, and sending them here would export them twice.
/// </summary>
/// <remarks>A short batching delay by default: a marker only matters while its span runs.</remarks>
internal sealed class MarkerExportProcessor(BaseExporter<Activity> exporter, int scheduledDelayMilliseconds)
    : BatchActivityExportProcessor(exporter, scheduledDelayMilliseconds: scheduledDelayMilliseconds)
{
    /// <summary>Queues one marker for export.</summary>
    public void Export(Activity marker) => base.OnEnd(marker);

    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
    }
}
