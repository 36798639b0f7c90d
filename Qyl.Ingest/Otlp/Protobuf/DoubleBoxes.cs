namespace Qyl.Ingest.Otlp.Protobuf;

/// <summary>
/// Boxes for double attribute values that repeat (temperatures, top_p, sample rates): the last box
/// made per slot is handed out again for the same bits, so a span does not carry a 24-byte box of
/// its own for a value every span has. Boxes are immutable, so sharing one is safe; direct-mapped,
/// lossy and lock-free like <see cref="Utf8StringCache"/> (a miss costs one box, never memory).
/// </summary>
internal static class DoubleBoxes
{
    private const int SlotCount = 256;

    private static readonly object?[] s_slots = new object?[SlotCount];

    /// <summary>A box holding the double with these IEEE 754 bits.</summary>
    public static object Box(ulong bits)
    {
        var slot = (int)((bits ^ (bits >> 32) ^ (bits >> 52)) & (SlotCount - 1));
        // Compared by bits: 0.0 and -0.0, or two NaN payloads, are different values on the wire.
        // Read the slot once: another thread may replace it between two reads.
        var cached = s_slots[slot];
        if (cached is double known && BitConverter.DoubleToUInt64Bits(known) == bits)
        {
            return cached;
        }
        object box = BitConverter.UInt64BitsToDouble(bits);
        s_slots[slot] = box;
        return box;
    }
}
