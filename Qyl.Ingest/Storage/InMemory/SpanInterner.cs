using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    private const int KnownSlots = 4096;

    private readonly Dictionary<string, Pooled> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pooled> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, object?>> _resources = new(StringComparer.Ordinal);
    // Pooled instances by address: a string found here is the pool's (or was, before the pool
    // adopted another instance of its text, which is as good for sharing).
    private readonly string?[] _known = new string?[KnownSlots];
    private Dictionary<string, object?>? _lastResourceIn;
    private Dictionary<string, object?>? _lastResourceOut;

    /// <summary>
    /// The stored form of <paramref name="span"/>, repeated parts shared: names, attribute keys and
    /// short values pooled, the resource one dictionary per service, the attributes one exactly sized
    /// array. The record itself is left as it is (live delivery sends it); the seq and the shared
    /// trace and session id strings are set when the store indexes the span.
    /// </summary>
    public StoredSpan Store(SpanRecord span)
    {
        var stored = new StoredSpan
        {
            TraceId = span.TraceId,
            SpanId = StoredId.From(span.SpanId),
            ParentSpanId = StoredId.From(span.ParentSpanId),
            Name = Name(span.Name),
            Kind = Name(span.Kind),
            ServiceName = Name(span.ServiceName),
            SessionId = span.SessionId,
            StartTimeUnixNano = span.StartTimeUnixNano,
            EndTimeUnixNano = span.EndTimeUnixNano,
            DurationMs = span.DurationMs,
            InProgress = span.InProgress,
            Status = Name(span.Status),
            StatusMessage = span.StatusMessage,
            GenAi = span.GenAi is null ? null : Compact(span.GenAi),
            Attributes = Compact(span.Attributes),
            ResourceAttributes = Resource(span.ServiceName, span.ResourceAttributes),
            Events = Compact(span.Events),
            ScopeName = span.ScopeName is null ? null : Name(span.ScopeName),
        };
        stored.HashIdentity();
        return stored;
    }

    /// <summary>The pooled copy of a low-cardinality name.</summary>
    public string Name(string value) => Shared(_names, value);

    private GenAiInfo Compact(GenAiInfo genAi)
    {
        var operation = Name(genAi.OperationName);
        var provider = NameOrNull(genAi.ProviderName);
        var requestModel = NameOrNull(genAi.RequestModel);
        var responseModel = NameOrNull(genAi.ResponseModel);
        var agent = NameOrNull(genAi.AgentName);
        var tool = NameOrNull(genAi.ToolName);
        if (ReferenceEquals(operation, genAi.OperationName) && ReferenceEquals(provider, genAi.ProviderName)
            && ReferenceEquals(requestModel, genAi.RequestModel) && ReferenceEquals(responseModel, genAi.ResponseModel)
            && ReferenceEquals(agent, genAi.AgentName) && ReferenceEquals(tool, genAi.ToolName))
        {
            return genAi;
        }
        return genAi with
        {
            OperationName = operation,
            ProviderName = provider,
            RequestModel = requestModel,
            ResponseModel = responseModel,
            AgentName = agent,
            ToolName = tool,
        };
    }

    private string? NameOrNull(string? value) => value is null ? null : Name(value);

    private List<SpanEventRecord> Compact(List<SpanEventRecord> events)
    {
        if (events.Count == 0)
        {
            return events.Capacity == 0 ? events : [];
        }
        List<SpanEventRecord>? compact = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var name = Name(e.Name);
            var attributes = CompactMap(e.Attributes);
            if (compact is null && (!ReferenceEquals(name, e.Name) || !ReferenceEquals(attributes, e.Attributes)))
            {
                compact = new List<SpanEventRecord>(events.Count);
                compact.AddRange(events.Take(i));
            }
            compact?.Add(ReferenceEquals(name, e.Name) && ReferenceEquals(attributes, e.Attributes) ? e : e with { Name = name, Attributes = attributes });
        }
        return compact ?? events;
    }

    /// <summary>The attributes as one exactly sized array, keys and values pooled.</summary>
    private KeyValuePair<string, object?>[] Compact(Dictionary<string, object?> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }
        var compact = new KeyValuePair<string, object?>[attributes.Count];
        var i = 0;
        foreach (var (key, value) in attributes)
        {
            compact[i++] = new(Name(key), Value(value));
        }
        return compact;
    }

    /// <summary>The dictionary itself when its keys and values are already pooled, else an exactly sized pooled copy.</summary>
    private Dictionary<string, object?> CompactMap(Dictionary<string, object?> attributes)
    {
        if (attributes.Count == 0)
        {
            // Already allocated and nothing to share: keeping it costs nothing, a fresh one 80 bytes.
            return attributes;
        }
        var pooled = true;
        foreach (var (key, value) in attributes)
        {
            if (!ReferenceEquals(Name(key), key) || !ReferenceEquals(Value(value), value))
            {
                pooled = false;
                break;
            }
        }
        if (pooled)
        {
            return attributes;
        }
        // Sized exactly: a decoder's dictionary may have grown by doubling and carry the slack.
        var compact = new Dictionary<string, object?>(attributes.Count);
        foreach (var (key, value) in attributes)
        {
            compact[Name(key)] = Value(value);
        }
        return compact;
    }

    /// <summary>The pooled or shared form of an attribute value; the value itself when it already is.</summary>
    private object? Value(object? value) => value switch
    {
        string s when s.Length <= MaxPooledValueLength => Shared(_values, s),
        bool or long => SharedBoxes.SharedFor(value) ?? value,
        object?[] array => Compact(array),
        _ => value,
    };

    private object?[] Compact(object?[] array)
    {
        object?[]? compact = null;
        for (var i = 0; i < array.Length; i++)
        {
            var value = Value(array[i]);
            if (compact is null && !ReferenceEquals(value, array[i]))
            {
                compact = (object?[])array.Clone();
            }
            if (compact is not null)
            {
                compact[i] = value;
            }
        }
        return compact ?? array;
    }

    /// <summary>One dictionary per service while its resource stays the same (it rarely changes within a process).</summary>
    private Dictionary<string, object?> Resource(string serviceName, Dictionary<string, object?> resource)
    {
        // The spans of one request share their resource's dictionary: compare it once per request.
        if (ReferenceEquals(resource, _lastResourceIn))
        {
            return _lastResourceOut!;
        }
        var stored = StoredResource(serviceName, resource);
        _lastResourceIn = resource;
        _lastResourceOut = stored;
        return stored;
    }

    private Dictionary<string, object?> StoredResource(string serviceName, Dictionary<string, object?> resource)
    {
        if (_resources.TryGetValue(serviceName, out var known) && (ReferenceEquals(known, resource) || AttributeValues.Same(known, resource)))
        {
            return known;
        }
        var compact = CompactMap(resource);
        if (_resources.Count < MaxPooledStrings || _resources.ContainsKey(serviceName))
        {
            _resources[Name(serviceName)] = compact;
        }
        return compact;
    }

    /// <summary>
    /// The pooled instance of <paramref name="value"/>. A decoder hands the same cached instance of
    /// a key or name span after span, so an instance already known to be pooled is recognised by
    /// its address (one slot of <see cref="_known"/>) before its text is hashed and compared.
    /// </summary>
    private string Shared(Dictionary<string, Pooled> pool, string value)
    {
        ref var known = ref _known[RuntimeHelpers.GetHashCode(value) & (KnownSlots - 1)];
        if (ReferenceEquals(known, value))
        {
            return value;
        }
        var pooled = Pool(pool, value);
        if (ReferenceEquals(pooled, value))
        {
            known = value;
        }
        return pooled;
    }

    private static string Pool(Dictionary<string, Pooled> pool, string value)
    {
        ref var pooled = ref CollectionsMarshal.GetValueRefOrNullRef(pool, value);
        if (!Unsafe.IsNullRef(ref pooled))
        {
            if (ReferenceEquals(pooled.Value, value))
            {
                return value;
            }
            // Another instance of a pooled string. A fresh one (the JSON decoder makes one per
            // span) never comes back and is replaced by the pooled one. One that comes again is a
            // decoder's cached instance (Utf8StringCache hands out one instance until it evicts
            // it): adopt it, or every span carrying it would be copied just to swap it.
            if (ReferenceEquals(pooled.Candidate, value))
            {
                pooled = new Pooled(value, null);
                return value;
            }
            pooled.Candidate = value;
            return pooled.Value;
        }
        if (pool.Count < MaxPooledStrings)
        {
            pool[value] = new Pooled(value, null);
        }
        return value;
    }

    /// <summary>A pooled string and the instance that last came instead of it.</summary>
    private struct Pooled(string value, string? candidate)
    {
        public readonly string Value = value;
        public string? Candidate = candidate;
    }
}
