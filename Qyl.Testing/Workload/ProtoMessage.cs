using System.Buffers.Binary;
using System.Text;

namespace Qyl.Testing.Workload;

/// <summary>What a byte range in an encoded template stands for, so it can be rewritten per request.</summary>
public enum PatchKind
{
    /// <summary>16-byte trace id.</summary>
    TraceId,
    /// <summary>8-byte span id (also used for parent span ids, which get the same rewrite).</summary>
    SpanId,
    /// <summary>fixed64 time: now minus the patch argument, in Unix nanoseconds.</summary>
    UnixNanoBeforeNow,
    /// <summary>double attribute: the Stopwatch timestamp when the request was sent.</summary>
    SentTimestamp,
}

/// <summary>A position in an encoded message that is rewritten per request.</summary>
public readonly record struct Patch(int Offset, PatchKind Kind, long Argument);

/// <summary>
/// A minimal protobuf writer for building OTLP request templates without the generated classes, so
/// the bytes the bench sends do not depend on the code under test and every id and time can be
/// rewritten in place (the generated classes cannot say where a field landed). Nested
/// messages are written into their own buffer and copied in with a length prefix; patch offsets
/// move with them, so the final buffer knows where every id and timestamp sits.
/// </summary>
public sealed class ProtoMessage
{
    private readonly MemoryStream _buffer = new();
    private readonly List<Patch> _patches = [];

    /// <summary>Patches recorded so far, offsets into <see cref="ToArray"/>.</summary>
    public IReadOnlyList<Patch> Patches => _patches;

    /// <summary>The encoded bytes.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>Writes a string field.</summary>
    public ProtoMessage String(int field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Tag(field, 2);
        Varint((ulong)bytes.Length);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>Writes a bytes field, remembering where its content sits when <paramref name="kind"/> is set.</summary>
    public ProtoMessage Bytes(int field, ReadOnlySpan<byte> value, PatchKind? kind = null)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        if (kind is not null)
        {
            _patches.Add(new Patch((int)_buffer.Position, kind.Value, 0));
        }
        _buffer.Write(value);
        return this;
    }

    /// <summary>Writes a varint field (int32, int64, bool, enum).</summary>
    public ProtoMessage VarintField(int field, long value)
    {
        Tag(field, 0);
        Varint((ulong)value);
        return this;
    }

    /// <summary>Writes a fixed64 field, optionally patched per request.</summary>
    public ProtoMessage Fixed64(int field, ulong value, PatchKind? kind = null, long argument = 0)
    {
        Tag(field, 1);
        if (kind is not null)
        {
            _patches.Add(new Patch((int)_buffer.Position, kind.Value, argument));
        }
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>Writes a double field, optionally patched per request.</summary>
    public ProtoMessage Double(int field, double value, PatchKind? kind = null) =>
        Fixed64(field, BitConverter.DoubleToUInt64Bits(value), kind);

    /// <summary>Writes a nested message field.</summary>
    public ProtoMessage Message(int field, ProtoMessage child)
    {
        ArgumentNullException.ThrowIfNull(child);
        Tag(field, 2);
        Varint((ulong)child._buffer.Length);
        var start = (int)_buffer.Position;
        child._buffer.Position = 0;
        child._buffer.CopyTo(_buffer);
        foreach (var patch in child._patches)
        {
            _patches.Add(patch with { Offset = patch.Offset + start });
        }
        return this;
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
