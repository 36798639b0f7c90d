namespace Qyl.Ingest.Storage.InMemory;

/// <summary>
/// A span id as the embedded store keeps it: the 64 bits of its 16 lowercase hex digits, with no
/// string per span; an id of any other form (a test's "span-1") is kept as its text, and so is
/// "no id" (a root span's parent), so <see cref="ToText"/> gives back exactly what came in.
/// </summary>
internal readonly struct StoredId : IEquatable<StoredId>
{
    private const int HexLength = 16;

    // A sentinel instance, compared by reference: no id at all.
    private static readonly string s_absent = new('\0', 1);

    private readonly ulong _bits;
    // Null when the id is _bits; otherwise the id's own text, or s_absent.
    private readonly string? _text;

    private StoredId(ulong bits, string? text)
    {
        _bits = bits;
        _text = text;
    }

    /// <summary>The stored form of <paramref name="id"/> (null: no id).</summary>
    public static StoredId From(string? id)
    {
        if (id is null)
        {
            return new StoredId(0, s_absent);
        }
        return TryParse(id, out var bits) ? new StoredId(bits, null) : new StoredId(0, id);
    }

    /// <summary>True for "no id" (a root span's parent).</summary>
    public bool IsNone => ReferenceEquals(_text, s_absent);

    /// <summary>The id as a record carries it: 16 lowercase hex digits, the original text, or null.</summary>
    public string? ToText() => _text is null ? _bits.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)
        : ReferenceEquals(_text, s_absent) ? null : _text;

    public bool Equals(StoredId other) => _bits == other._bits && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is StoredId other && Equals(other);

    public override int GetHashCode() => _text is null ? _bits.GetHashCode() : StringComparer.Ordinal.GetHashCode(_text);

    private static bool TryParse(string id, out ulong bits)
    {
        bits = 0;
        if (id.Length != HexLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            // Lowercase only: an uppercase id must come back as it was sent.
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0)
            {
                return false;
            }
            bits = (bits << 4) | (uint)digit;
        }
        return true;
    }
}
