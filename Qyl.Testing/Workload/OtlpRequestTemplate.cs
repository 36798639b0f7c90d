using System.Buffers.Binary;
using System.Diagnostics;

namespace Qyl.Testing.Workload;

/// <summary>
/// An OTLP <c>ExportTraceServiceRequest</c> encoded once, then stamped per request with fresh ids
/// and times (<see cref="Render(Span{byte}, long)"/>), so load generation costs a memcpy and a few
/// writes, not a serialization. Built from a <see cref="ProtoMessage"/> that recorded where each id
/// and time sits: by <see cref="GenAiWorkload"/> (the realistic bodies) or the bench's uniform template.
/// </summary>
public sealed class OtlpRequestTemplate
{
    /// <summary>Span attribute carrying the Stopwatch timestamp of the send (same machine clock as receivers).</summary>
    public const string SentTimestampAttribute = "qyl.bench.sent_timestamp";

    private readonly byte[] _template;
    private readonly Patch[] _patches;

    /// <summary>Wraps an encoded request; <paramref name="runNonce"/> null draws one, so runs never share ids.</summary>
    public OtlpRequestTemplate(ProtoMessage request, int spanCount, string serviceName, uint? runNonce = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(spanCount, 1);
        _template = request.ToArray();
        _patches = [.. request.Patches];
        SpanCount = spanCount;
        ServiceName = serviceName;
        RunNonce = runNonce ?? (uint)Random.Shared.Next();
    }

    /// <summary>Spans in each request.</summary>
    public int SpanCount { get; }

    /// <summary>The resource's <c>service.name</c>.</summary>
    public string ServiceName { get; }

    /// <summary>Bytes of each request body.</summary>
    public int Length => _template.Length;

    /// <summary>Mixed into every trace and span id, so two runs (or two templates) never collide.</summary>
    public uint RunNonce { get; }

    /// <summary>
    /// Writes request number <paramref name="requestNumber"/> into <paramref name="destination"/>
    /// (at least <see cref="Length"/> bytes): trace ids carry the request number and the run nonce,
    /// so every span is new to the hub (no dedup); times end now.
    /// </summary>
    public void Render(Span<byte> destination, long requestNumber) =>
        Render(destination, requestNumber, (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);

    /// <summary>As <see cref="Render(Span{byte}, long)"/> with the times ending at <paramref name="nowUnixNano"/>.</summary>
    public void Render(Span<byte> destination, long requestNumber, ulong nowUnixNano)
    {
        _template.CopyTo(destination);
        var sent = (double)Stopwatch.GetTimestamp();
        foreach (var patch in _patches)
        {
            var at = destination[patch.Offset..];
            switch (patch.Kind)
            {
                case PatchKind.TraceId:
                    BinaryPrimitives.WriteInt64BigEndian(at, requestNumber);
                    BinaryPrimitives.WriteUInt32BigEndian(at[8..], RunNonce);
                    break;
                case PatchKind.SpanId:
                    BinaryPrimitives.WriteUInt32BigEndian(at, (uint)requestNumber ^ RunNonce);
                    break;
                case PatchKind.UnixNanoBeforeNow:
                    BinaryPrimitives.WriteUInt64LittleEndian(at, nowUnixNano - (ulong)patch.Argument);
                    break;
                case PatchKind.SentTimestamp:
                    BinaryPrimitives.WriteUInt64LittleEndian(at, BitConverter.DoubleToUInt64Bits(sent));
                    break;
            }
        }
    }

    /// <summary>A fresh copy of request <paramref name="requestNumber"/>.</summary>
    public byte[] Render(long requestNumber)
    {
        var bytes = new byte[Length];
        Render(bytes, requestNumber);
        return bytes;
    }
}
