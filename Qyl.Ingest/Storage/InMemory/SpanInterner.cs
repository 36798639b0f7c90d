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

    private readonly Dictionary<string, Pooled> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pooled> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, object?>> _resources = new(StringComparer.Ordinal);

    /// <summary>
    /// The stored form of <paramref name="span"/>: seq set, repeated parts shared. Parts that already
    /// hold only pooled strings and shared boxes are kept as they are rather than copied: the OTLP
    /// protobuf decoder hands over such parts once its strings are in the pools, so storing a span
    /// then allocates little. When every part is already shared and the span has no seq yet, the
    /// span itself is stamped and kept (see <see cref="SpanRecord"/>'s TryAssignSeq), no copy at all.
    /// </summary>
    public SpanRecord Compact(SpanRecord span, long seq, string traceId, string? sessionId)
    {
        var name = Name(span.Name);
        var kind = Name(span.Kind);
        var serviceName = Name(span.ServiceName);
        var status = Name(span.Status);
        var scopeName = span.ScopeName is null ? null : Name(span.ScopeName);
        var genAi = span.GenAi is null ? null : Compact(span.GenAi);
        var attributes = Compact(span.Attributes);
        var resourceAttributes = Resource(span.ServiceName, span.ResourceAttributes);
        var events = Compact(span.Events);
        if (ReferenceEquals(traceId, span.TraceId) && ReferenceEquals(sessionId, span.SessionId)
            && ReferenceEquals(name, span.Name) && ReferenceEquals(kind, span.Kind)
            && ReferenceEquals(serviceName, span.ServiceName) && ReferenceEquals(status, span.Status)
            && ReferenceEquals(scopeName, span.ScopeName) && ReferenceEquals(genAi, span.GenAi)
            && ReferenceEquals(attributes, span.Attributes) && ReferenceEquals(resourceAttributes, span.ResourceAttributes)
            && ReferenceEquals(events, span.Events) && span.TryAssignSeq(seq))
        {
            return span;
        }
        return span with
        {
            Seq = seq,
            TraceId = traceId,
            Name = name,
            Kind = kind,
            ServiceName = serviceName,
            SessionId = sessionId,
            Status = status,
            ScopeName = scopeName,
            GenAi = genAi,
            Attributes = attributes,
            ResourceAttributes = resourceAttributes,
            Events = events,
        };
    }

    /// <summary>The pooled copy of a low-cardinality name.</summary>
    public string Name(string value) => Pool(_names, value);

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
            var attributes = Compact(e.Attributes);
            if (compact is null && (!ReferenceEquals(name, e.Name) || !ReferenceEquals(attributes, e.Attributes)))
            {
                compact = new List<SpanEventRecord>(events.Count);
                compact.AddRange(events.Take(i));
            }
            compact?.Add(ReferenceEquals(name, e.Name) && ReferenceEquals(attributes, e.Attributes) ? e : e with { Name = name, Attributes = attributes });
        }
        return compact ?? events;
    }

    /// <summary>The dictionary itself when its keys and values are already pooled, else an exactly sized pooled copy.</summary>
    private Dictionary<string, object?> Compact(Dictionary<string, object?> attributes)
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
        string s when s.Length <= MaxPooledValueLength => Pool(_values, s),
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
        if (_resources.TryGetValue(serviceName, out var known) && (ReferenceEquals(known, resource) || AttributeValues.Same(known, resource)))
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
