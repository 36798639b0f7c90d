using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;

namespace Qyl.OpenTelemetry;

/// <summary>
/// Exports a start marker for each recorded span when it starts, in the pending-span convention of
/// Pydantic Logfire's SDK that qyl reads: a zero-length span in the same trace whose parent is the
/// starting span, with <c>logfire.span_type = "pending_span"</c> and <c>logfire.pending_parent_id</c>
/// set to the starting span's own parent (16 zeros for a root). Ends are not exported here: the
/// provider's own exporter sends the finished span as usual.
/// </summary>
/// <remarks>
/// Markers leave through <see cref="MarkerExportProcessor"/>, a batch processor registered with the
/// provider beside this one, so starting a span never waits on the network and the exporter gets the
/// provider's resource (<c>service.name</c>).
/// </remarks>
internal sealed class InProgressSpanProcessor(MarkerExportProcessor markers) : BaseProcessor<Activity>
{
    internal const string SpanTypeKey = "logfire.span_type";
    internal const string PendingSpanType = "pending_span";
    internal const string PendingParentIdKey = "logfire.pending_parent_id";

    /// <inheritdoc />
    public override void OnStart(Activity data)
    {
        if (!data.Recorded || data.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }
        markers.Export(CreateMarker(data));
    }

    private static Activity CreateMarker(Activity span)
    {
        var marker = new Activity(span.DisplayName);
        marker.SetIdFormat(ActivityIdFormat.W3C);
        marker.SetParentId(span.TraceId, span.SpanId, ActivityTraceFlags.Recorded);
        marker.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        marker.SetStartTime(span.StartTimeUtc);
        foreach (var tag in span.TagObjects)
        {
            marker.SetTag(tag.Key, tag.Value);
        }
        marker.SetTag(SpanTypeKey, PendingSpanType);
        marker.SetTag(PendingParentIdKey, span.ParentSpanId == default
            ? "0000000000000000"
            : span.ParentSpanId.ToHexString().ToLower(CultureInfo.InvariantCulture));

        // Start gives the marker its span id; Start and Stop also move Activity.Current, which belongs
        // to the application (it is the span just started), so it is put back. The marker comes from
        // no ActivitySource, so no listener (this provider included) sees it start.
        var current = Activity.Current;
        marker.Start();
        marker.SetEndTime(span.StartTimeUtc);
        marker.Stop();
        Activity.Current = current;
        return marker;
    }
}
