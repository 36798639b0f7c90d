using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Qyl.Ingest.Otlp.Protobuf;

/// <summary>
/// A forward-only reader of protobuf wire format over one message's bytes. It accepts and rejects
/// exactly what Google.Protobuf's parser does for the OTLP messages: varints of at most ten bytes,
/// field number 0 and wire types 6 and 7 are invalid, a length past the end is truncation, an
/// end-group tag outside its group is invalid, and nesting deeper than
/// <see cref="MaxDepth"/> messages is refused (Google.Protobuf's default recursion limit).
/// Every failure is an <see cref="OtlpDecodeException"/>, which the receivers answer with 400 /
/// INVALID_ARGUMENT.
/// </summary>
internal ref struct ProtoReader
{
    /// <summary>Google.Protobuf's default recursion limit: a message nested deeper is refused.</summary>
    public const int MaxDepth = 100;

    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireStartGroup = 3;
    public const int WireEndGroup = 4;
    public const int WireFixed32 = 5;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer, int depth)
    {
        _buffer = buffer;
        Depth = depth;
    }

    /// <summary>How many messages enclose this one (the request itself is 0).</summary>
    public int Depth { get; }

    /// <summary>The next tag, or false at the end of the message.</summary>
    public bool TryReadTag(out uint tag)
    {
        if (_position >= _buffer.Length)
        {
            tag = 0;
            return false;
        }
        // Tags are read as 32-bit varints: wider ones keep their low bits, as Google.Protobuf does.
        tag = (uint)ReadVarint64();
        if (tag >> 3 == 0)
        {
            throw Invalid("a tag has field number 0");
        }
        if ((tag & 7) == WireEndGroup)
        {
            throw Invalid("an end-group tag has no matching start-group tag");
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint64()
    {
        var buffer = _buffer;
        var position = _position;
        if ((uint)position < (uint)buffer.Length && buffer[position] < 0x80)
        {
            _position = position + 1;
            return buffer[position];
        }
        return ReadVarint64Slow();
    }

    private ulong ReadVarint64Slow()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw Truncated();
            }
            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw Invalid("a varint is longer than 10 bytes");
    }

    /// <summary>A length prefix: the low 32 bits of the varint, refused when negative (Google.Protobuf's rule).</summary>
    public int ReadLength()
    {
        var length = (int)(uint)ReadVarint64();
        if (length < 0)
        {
            throw Invalid("a length is negative");
        }
        return length;
    }

    public ulong ReadFixed64()
    {
        if (_buffer.Length - _position < 8)
        {
            throw Truncated();
        }
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[_position..]);
        _position += 8;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadLength();
        if (length > _buffer.Length - _position)
        {
            throw Truncated();
        }
        var bytes = _buffer.Slice(_position, length);
        _position += length;
        return bytes;
    }

    /// <summary>The bytes of an embedded message, and the reader for it one level deeper.</summary>
    public ProtoReader ReadMessage()
    {
        if (Depth >= MaxDepth)
        {
            throw Invalid($"messages are nested more than {MaxDepth} deep");
        }
        return new ProtoReader(ReadBytes(), Depth + 1);
    }

    /// <summary>Skips a field this decoder does not use (unknown fields, per the protobuf rules, and known ones qyl ignores).</summary>
    public void Skip(uint tag)
    {
        switch ((int)(tag & 7))
        {
            case WireVarint:
                ReadVarint64();
                break;
            case WireFixed64:
                Advance(8);
                break;
            case WireLengthDelimited:
                ReadBytes();
                break;
            case WireStartGroup:
                SkipGroup(tag >> 3, Depth + 1);
                break;
            case WireFixed32:
                Advance(4);
                break;
            default:
                throw Invalid($"wire type {tag & 7} of field {tag >> 3} is not a protobuf wire type");
        }
    }

    private void SkipGroup(uint fieldNumber, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Invalid($"groups are nested more than {MaxDepth} deep");
        }
        while (true)
        {
            if (_position >= _buffer.Length)
            {
                throw Truncated();
            }
            var tag = (uint)ReadVarint64();
            if (tag >> 3 == 0)
            {
                throw Invalid("a tag has field number 0");
            }
            switch ((int)(tag & 7))
            {
                case WireEndGroup when tag >> 3 == fieldNumber:
                    return;
                case WireEndGroup:
                    throw Invalid("an end-group tag does not match its start-group tag");
                case WireStartGroup:
                    SkipGroup(tag >> 3, depth + 1);
                    break;
                default:
                    Skip(tag);
                    break;
            }
        }
    }

    private void Advance(int count)
    {
        if (_buffer.Length - _position < count)
        {
            throw Truncated();
        }
        _position += count;
    }

    private static OtlpDecodeException Truncated() =>
        Invalid("the message is truncated (a field runs past the end of its message)");

    private static OtlpDecodeException Invalid(string what) =>
        new($"The body is not a valid protobuf ExportTraceServiceRequest: {what}.");
}
