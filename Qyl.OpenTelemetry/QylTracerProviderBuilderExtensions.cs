using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Qyl.OpenTelemetry;

/// <summary>qyl's additions to an OpenTelemetry .NET tracer provider.</summary>
public static class QylTracerProviderBuilderExtensions
{
    /// <summary>
    /// Exports a start marker when a span starts, so qyl shows the span as in progress (with a running
    /// elapsed time) before it ends; the finished span still goes through the provider's own exporter.
    /// </summary>
    /// <remarks>
    /// A marker carries the span's name, start time and the attributes it has when it starts (those
    /// passed to <c>StartActivity</c>); later tags arrive with the finished span.
    /// Markers go through their own OTLP exporter, configured like <c>AddOtlpExporter</c>: by default
    /// from the standard <c>OTEL_EXPORTER_OTLP_*</c> environment variables (so the same endpoint as an
    /// unconfigured <c>AddOtlpExporter</c>), or through <paramref name="configure"/> (set the same
    /// <see cref="OtlpExporterOptions.Endpoint"/> and <see cref="OtlpExporterOptions.Protocol"/> as the
    /// provider's exporter). The SDK offers no public way to reach another processor's exporter, and
    /// an exporter of its own lets markers leave at once instead of waiting for the span batch.
    /// </remarks>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="configure">Optional OTLP exporter settings for the markers.</param>
    /// <param name="scheduledDelayMilliseconds">How long a marker may wait to be batched with others (default 200 ms).</param>
    /// <returns>The builder, for chaining.</returns>
    public static TracerProviderBuilder AddQylInProgressSpans(
        this TracerProviderBuilder builder,
        Action<OtlpExporterOptions>? configure = null,
        int scheduledDelayMilliseconds = 200)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scheduledDelayMilliseconds);
        var options = new OtlpExporterOptions();
        configure?.Invoke(options);
        if (options.Protocol == OtlpExportProtocol.HttpProtobuf && !options.Endpoint.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal))
        {
            // AddOtlpExporter appends the signal path to a base endpoint; a bare exporter does not.
            options.Endpoint = new Uri(options.Endpoint, "v1/traces");
        }
        var markers = new MarkerExportProcessor(new OtlpTraceExporter(options), scheduledDelayMilliseconds);
        return builder.AddProcessor(new InProgressSpanProcessor(markers)).AddProcessor(markers);
    }
}
