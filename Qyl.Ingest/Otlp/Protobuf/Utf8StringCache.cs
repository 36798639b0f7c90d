using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Qyl.Ingest.Otlp.Protobuf;

/// <summary>
/// Strings for short UTF-8 values that repeat from span to span (attribute keys, span and model
/// names, enum-like values), so a batch of 512 spans allocates each of them once instead of 512
/// times, and the store retains one copy. Two-way set-associative and lossy, like a CPU cache: a
/// value's set of two slots holds the two strings last hit there, so unbounded cardinality (ids, prompts)
/// costs a miss, never memory. Lock-free: a slot holds an immutable entry, replaced by one reference write.
/// </summary>
internal sealed class Utf8StringCache
{
    /// <summary>Longer values are rarely repeated verbatim (prompts, messages) and are decoded as they come.</summary>
    public const int MaxCachedBytes = 64;

    private const int SetCount = 4096;

    private readonly Entry?[] _slots = new Entry?[SetCount * 2];
    private readonly uint[] _seen = new uint[SetCount];
    private readonly string?[] _firstSeen = new string?[SetCount];

    /// <summary>One cache for the process: keys and names repeat across requests and senders.</summary>
    public static Utf8StringCache Shared { get; } = new();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
        {
            return string.Empty;
        }
        if (utf8.Length > MaxCachedBytes)
        {
            return Decode(utf8);
        }
        var hash = Hash(utf8);
        // Two ways per set, the least recently hit evicted: a direct-mapped cache let a repeated id
        // that hashed to a hot key's slot evict it, and the two then alternated, each miss a fresh
        // string the store's interner did not know (the bench's response ids did that to three of
        // its fifteen attribute keys, and the interner then copied every span's attributes).
        var set = (int)(hash & (SetCount - 1));
        var slot = set * 2;
        // A hit needs no validation: only valid UTF-8 ever enters the cache.
        var entry = _slots[slot];
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
        {
            return entry.Value;
        }
        var second = _slots[slot + 1];
        if (second is not null && utf8.SequenceEqual(second.Utf8))
        {
            // Promote, so the first way holds the most recently hit. Unlocked: entries are
            // immutable, and a race at worst leaves one entry in both ways or drops one (a miss).
            _slots[slot + 1] = entry;
            _slots[slot] = second;
            return second.Value;
        }
        var value = Decode(utf8);
        // Second chance: a value is cached the second time its hash is seen, so one-off values
        // (response ids, tool call ids) cost one string, not a string, a byte copy and an entry,
        // and cannot evict the keys and names that do repeat.
        if (_seen[set] == hash)
        {
            // Cache the instance handed out the first time, not the second: the store's interner
            // pooled that one and knows it by address; a different instance is hashed and looked up
            // on every span until the pool adopts it (and before the store's compact form, it made
            // the store copy every span's attributes into a new dictionary: 0 of 102,400 shared).
            // Compared by content because _seen and _firstSeen are written apart, without a lock.
            if (_firstSeen[set] is { } first && string.Equals(first, value, StringComparison.Ordinal))
            {
                value = first;
            }
            _slots[slot + 1] = _slots[slot];
            _slots[slot] = new Entry(utf8.ToArray(), value);
            _firstSeen[set] = null;
        }
        else
        {
            _seen[set] = hash;
            _firstSeen[set] = value;
        }
        return value;
    }

    /// <summary>
    /// Refuses invalid UTF-8 as Google.Protobuf does for every proto3 string field, including the
    /// ones qyl reads only to skip (trace state, schema url, scope version).
    /// </summary>
    public static void Validate(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new OtlpDecodeException("The body is not a valid protobuf ExportTraceServiceRequest: a string field is not valid UTF-8.");
        }
    }

    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        Validate(utf8);
        return Encoding.UTF8.GetString(utf8);
    }

    // FNV-1a over 8-byte words: a few nanoseconds for a 20-byte key, and spreads the common
    // "gen_ai.*" prefixes well because the tail words differ.
    private static uint Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = 14695981039346656037UL;
        var words = MemoryMarshal.Cast<byte, ulong>(utf8);
        foreach (var word in words)
        {
            hash = (hash ^ word) * 1099511628211UL;
        }
        for (var i = words.Length * 8; i < utf8.Length; i++)
        {
            hash = (hash ^ utf8[i]) * 1099511628211UL;
        }
        hash ^= (ulong)utf8.Length;
        return (uint)(hash ^ (hash >> 29) ^ (hash >> 41));
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
