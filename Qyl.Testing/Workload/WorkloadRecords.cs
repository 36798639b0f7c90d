using System.Buffers.Binary;
using Qyl.Contracts;

namespace Qyl.Testing.Workload;

/// <summary>
/// The workload as <see cref="SpanRecord"/>s: what the hub should make of a body rendered with the
/// same request number, nonce and "now" (the decoder tests compare the two). Every record gets its
/// own dictionaries, as a decoder without sharing would produce, so store tests can check sharing.
/// </summary>
public static class WorkloadRecords
{
    private static readonly Lazy<IReadOnlyList<WorkloadSpan>> ChatSpans = new(() =>
        [.. GenAiWorkload.Generate(16, 64).SelectMany(b => b.Spans).Where(s => s.GenAi?.OperationName == "chat" && s.StatusCode != 2)]);

    /// <summary>The spans of <paramref name="body"/> as request <paramref name="requestNumber"/> renders them.</summary>
    public static List<SpanRecord> ToRecords(WorkloadBody body, long requestNumber, uint runNonce, long nowUnixNano)
    {
        ArgumentNullException.ThrowIfNull(body);
        return [.. body.Spans.Select(s => ToRecord(body.Service, s, requestNumber, runNonce, nowUnixNano))];
    }

    /// <summary>
    /// Chat span number <paramref name="index"/> of the default workload (models, tokens and content
    /// vary with the index; every one answered, so it has a response id and tokens) with the given
    /// identity: the tests' realistic GenAI span.
    /// </summary>
    public static SpanRecord Chat(string serviceName, string traceId, string? sessionId, string? parentSpanId, int index, string spanId)
    {
        var chats = ChatSpans.Value;
        var span = chats[((index % chats.Count) + chats.Count) % chats.Count];
        var record = ToRecord(WorkloadServices.All[0], span, index, 0, 1_700_000_000_000_000_000L + (index * 1_000_000_000L));
        var resource = new Dictionary<string, object?>(record.ResourceAttributes) { ["service.name"] = serviceName };
        var attributes = new Dictionary<string, object?>(record.Attributes);
        if (sessionId is null)
        {
            attributes.Remove("session.id");
        }
        else
        {
            attributes["session.id"] = sessionId;
        }
        return record with
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentSpanId,
            ServiceName = serviceName,
            SessionId = sessionId,
            ResourceAttributes = resource,
            Attributes = attributes,
        };
    }

    private static SpanRecord ToRecord(WorkloadService service, WorkloadSpan span, long requestNumber, uint runNonce, long nowUnixNano)
    {
        var start = nowUnixNano - span.StartAgoNanos;
        var end = nowUnixNano - span.EndAgoNanos;
        return new SpanRecord
        {
            TraceId = Convert.ToHexStringLower(Stamp(WorkloadEncoding.TraceId(span.TraceSlot), requestNumber, runNonce, trace: true)),
            SpanId = Convert.ToHexStringLower(Stamp(WorkloadEncoding.SpanId(span.Slot), requestNumber, runNonce, trace: false)),
            ParentSpanId = span.ParentSlot < 0 ? null : Convert.ToHexStringLower(Stamp(WorkloadEncoding.SpanId(span.ParentSlot), requestNumber, runNonce, trace: false)),
            Name = span.Name,
            Kind = span.Kind switch { 2 => SpanKinds.Server, 3 => SpanKinds.Client, 4 => SpanKinds.Producer, 5 => SpanKinds.Consumer, _ => SpanKinds.Internal },
            ServiceName = service.Name,
            SessionId = span.SessionId,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            DurationMs = end > start ? (end - start) / 1_000_000.0 : 0,
            Status = span.StatusCode switch { 1 => SpanStatuses.Ok, 2 => SpanStatuses.Error, _ => SpanStatuses.Unset },
            StatusMessage = span.StatusMessage,
            GenAi = span.GenAi,
            Attributes = Dictionary(span.Attributes),
            ResourceAttributes = Dictionary(service.Resource),
            Events = [.. span.Events.Select(e => new SpanEventRecord
            {
                Name = e.Name,
                TimeUnixNano = nowUnixNano - Math.Max(e.AgoNanos, span.EndAgoNanos),
                Attributes = Dictionary(e.Attributes),
            })],
            ScopeName = service.Scopes[span.Scope].Name,
        };
    }

    private static byte[] Stamp(byte[] id, long requestNumber, uint runNonce, bool trace)
    {
        if (trace)
        {
            BinaryPrimitives.WriteInt64BigEndian(id, requestNumber);
            BinaryPrimitives.WriteUInt32BigEndian(id.AsSpan(8), runNonce);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(id, (uint)requestNumber ^ runNonce);
        }
        return id;
    }

    private static Dictionary<string, object?> Dictionary(IEnumerable<WorkloadAttribute> attributes)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            result[key] = value is string[] array ? array.Cast<object?>().ToArray() : value;
        }
        return result;
    }
}
