using System.Buffers.Binary;

namespace Qyl.Testing.Workload;

/// <summary>
/// Encodes a <see cref="WorkloadBody"/> as an OTLP <c>ExportTraceServiceRequest</c> the way an SDK's
/// exporter does: one <c>ResourceSpans</c> for the process, one <c>ScopeSpans</c> per instrumentation
/// library. Ids and times are recorded as patches so each request gets fresh ones.
/// </summary>
public static class WorkloadEncoding
{
    /// <summary>The request template of <paramref name="body"/>; <paramref name="stampSendTime"/> adds the bench's send timestamp to every span.</summary>
    public static OtlpRequestTemplate Encode(WorkloadBody body, bool stampSendTime = false, uint? runNonce = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var resource = new ProtoMessage();
        foreach (var attribute in body.Service.Resource)
        {
            resource.Message(1, KeyValue(attribute));
        }
        var resourceSpans = new ProtoMessage().Message(1, resource);
        foreach (var group in body.Spans.GroupBy(s => s.Scope).OrderBy(g => g.Key))
        {
            var (name, version) = body.Service.Scopes[group.Key];
            var scopeSpans = new ProtoMessage().Message(1, new ProtoMessage().String(1, name).String(2, version));
            foreach (var span in group)
            {
                scopeSpans.Message(2, Span(span, stampSendTime));
            }
            resourceSpans.Message(2, scopeSpans);
        }
        return new OtlpRequestTemplate(new ProtoMessage().Message(1, resourceSpans), body.Spans.Count, body.Service.Name, runNonce);
    }

    /// <summary>The template trace id of a trace slot: the request number and nonce are patched over bytes 0-11.</summary>
    public static byte[] TraceId(int traceSlot)
    {
        var id = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(12), traceSlot + 1);
        return id;
    }

    /// <summary>The template span id of a slot: bytes 0-3 are patched per request.</summary>
    public static byte[] SpanId(int slot)
    {
        var id = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(4), slot + 1);
        return id;
    }

    private static ProtoMessage Span(WorkloadSpan span, bool stampSendTime)
    {
        var message = new ProtoMessage()
            .Bytes(1, TraceId(span.TraceSlot), PatchKind.TraceId)
            .Bytes(2, SpanId(span.Slot), PatchKind.SpanId);
        if (span.ParentSlot >= 0)
        {
            message.Bytes(4, SpanId(span.ParentSlot), PatchKind.SpanId);
        }
        message.String(5, span.Name).VarintField(6, span.Kind)
            .Fixed64(7, 0, PatchKind.UnixNanoBeforeNow, span.StartAgoNanos)
            .Fixed64(8, 0, PatchKind.UnixNanoBeforeNow, span.EndAgoNanos);
        foreach (var attribute in span.Attributes)
        {
            message.Message(9, KeyValue(attribute));
        }
        if (stampSendTime)
        {
            message.Message(9, new ProtoMessage().String(1, OtlpRequestTemplate.SentTimestampAttribute)
                .Message(2, new ProtoMessage().Double(4, 0, PatchKind.SentTimestamp)));
        }
        foreach (var e in span.Events)
        {
            var encoded = new ProtoMessage().Fixed64(1, 0, PatchKind.UnixNanoBeforeNow, Math.Max(e.AgoNanos, span.EndAgoNanos)).String(2, e.Name);
            foreach (var attribute in e.Attributes)
            {
                encoded.Message(3, KeyValue(attribute));
            }
            message.Message(11, encoded);
        }
        var status = new ProtoMessage();
        if (span.StatusMessage is not null)
        {
            status.String(2, span.StatusMessage);
        }
        if (span.StatusCode != 0)
        {
            status.VarintField(3, span.StatusCode);
        }
        return message.Message(15, status);
    }

    private static ProtoMessage KeyValue(WorkloadAttribute attribute) =>
        new ProtoMessage().String(1, attribute.Key).Message(2, AnyValue(attribute.Value));

    private static ProtoMessage AnyValue(object value) => value switch
    {
        string s => new ProtoMessage().String(1, s),
        bool b => new ProtoMessage().VarintField(2, b ? 1 : 0),
        long l => new ProtoMessage().VarintField(3, l),
        double d => new ProtoMessage().Double(4, d),
        string[] values => new ProtoMessage().Message(5, values.Aggregate(new ProtoMessage(), (array, v) => array.Message(1, AnyValue(v)))),
        _ => throw new ArgumentException($"Unsupported workload attribute value {value.GetType().Name}.", nameof(value)),
    };
}
