using Qyl.Contracts;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>
/// Makes retained spans share what repeats between them, so the embedded store keeps far more spans
/// per megabyte: one copy of each attribute key, service, span and model name, of short common
/// attribute values, of small integer boxes, and one resource-attribute dictionary per service while
/// it does not change. A decoder allocates all of these afresh for every span. Not thread-safe; the
/// store calls it under its lock.
/// </summary>
/// <remarks>
/// The pools only grow, so they are bounded: past <see cref="MaxPooledStrings"/> a string is kept
/// as it came. High-cardinality values (response ids, prompts) would fill the value pool with strings
/// nobody shares, so only short values are pooled, in their own pool that cannot crowd out the names.
/// </remarks>
internal sealed class SpanInterner
{
    private const int MaxPooledStrings = 16_384;
    private const int MaxPooledValueLength = 64;
    private const long MinBoxedLong = -128;
    private const long MaxBoxedLong = 1024;

    private static readonly object[] s_longBoxes = [.. Enumerable.Range((int)MinBoxedLong, (int)(MaxBoxedLong - MinBoxedLong + 1)).Select(i => (object)(long)i)];
    private static readonly object s_true = true;
    private static readonly object s_false = false;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, object?>> _resources = new(StringComparer.Ordinal);

    /// <summary>The stored form of <paramref name="span"/>: seq set, repeated parts shared.</summary>
    public SpanRecord Compact(SpanRecord span, long seq, string traceId, string? sessionId) => span with
    {
        Seq = seq,
        TraceId = traceId,
        Name = Name(span.Name),
        Kind = Name(span.Kind),
        ServiceName = Name(span.ServiceName),
        SessionId = sessionId,
        Status = Name(span.Status),
        ScopeName = span.ScopeName is null ? null : Name(span.ScopeName),
        GenAi = span.GenAi is null ? null : Compact(span.GenAi),
        Attributes = Compact(span.Attributes),
        ResourceAttributes = Resource(span.ServiceName, span.ResourceAttributes),
        Events = span.Events.Count == 0 ? [] : [.. span.Events.Select(e => e with { Name = Name(e.Name), Attributes = Compact(e.Attributes) })],
    };

    /// <summary>The pooled copy of a low-cardinality name.</summary>
    public string Name(string value) => Pool(_names, value);

    private GenAiInfo Compact(GenAiInfo genAi) => genAi with
    {
        OperationName = Name(genAi.OperationName),
        ProviderName = NameOrNull(genAi.ProviderName),
        RequestModel = NameOrNull(genAi.RequestModel),
        ResponseModel = NameOrNull(genAi.ResponseModel),
        AgentName = NameOrNull(genAi.AgentName),
        ToolName = NameOrNull(genAi.ToolName),
    };

    private string? NameOrNull(string? value) => value is null ? null : Name(value);

    private Dictionary<string, object?> Compact(Dictionary<string, object?> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }
        // Sized exactly: a decoder's dictionary grew by doubling and carries the slack.
        var compact = new Dictionary<string, object?>(attributes.Count);
        foreach (var (key, value) in attributes)
        {
            compact[Name(key)] = Value(value);
        }
        return compact;
    }

    private object? Value(object? value) => value switch
    {
        string s when s.Length <= MaxPooledValueLength => Pool(_values, s),
        long l when l is >= MinBoxedLong and <= MaxBoxedLong => s_longBoxes[l - MinBoxedLong],
        bool b => b ? s_true : s_false,
        object?[] array => Array.ConvertAll(array, Value),
        _ => value,
    };

    /// <summary>One dictionary per service while its resource stays the same (it rarely changes within a process).</summary>
    private Dictionary<string, object?> Resource(string serviceName, Dictionary<string, object?> resource)
    {
        if (_resources.TryGetValue(serviceName, out var known) && (ReferenceEquals(known, resource) || SameContent(known, resource)))
        {
            return known;
        }
        var compact = Compact(resource);
        if (_resources.Count < MaxPooledStrings || _resources.ContainsKey(serviceName))
        {
            _resources[Name(serviceName)] = compact;
        }
        return compact;
    }

    private static bool SameContent(Dictionary<string, object?> known, Dictionary<string, object?> candidate)
    {
        if (known.Count != candidate.Count)
        {
            return false;
        }
        foreach (var (key, value) in candidate)
        {
            if (!known.TryGetValue(key, out var other) || !ValueEquals(value, other))
            {
                return false;
            }
        }
        return true;
    }

    private static bool ValueEquals(object? a, object? b) => (a, b) switch
    {
        (object?[] x, object?[] y) => x.Length == y.Length && x.Zip(y).All(p => ValueEquals(p.First, p.Second)),
        _ => Equals(a, b),
    };

    private static string Pool(Dictionary<string, string> pool, string value)
    {
        if (pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }
        if (pool.Count < MaxPooledStrings)
        {
            pool[value] = value;
        }
        return value;
    }
}
