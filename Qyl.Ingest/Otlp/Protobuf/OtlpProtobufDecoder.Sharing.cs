using Qyl.Contracts;

namespace Qyl.Ingest.Otlp.Protobuf;

/// <summary>
/// Attribute dictionaries shared between spans when their content repeats: a resource across
/// requests, an event's attributes across the spans of a request. Records are immutable once
/// decoded, so sharing is safe, and the embedded store keeps a shared dictionary as it is (its
/// interner's resource and event-attribute sharing, see SpanInterner).
/// </summary>
public static partial class OtlpProtobufDecoder
{
    private const int MaxComparedAttributes = 32;

    /// <summary>A resource's service name and attributes; immutable once made.</summary>
    private sealed record ResourceInfo(string ServiceName, Dictionary<string, object?> Attributes);

    /// <summary>
    /// The last resource seen per service (direct-mapped by service name, lossy, lock-free). An
    /// exporter sends the same resource in every request, so its spans from every request share one
    /// attribute dictionary: the store then keeps the span record it is handed instead of copying
    /// it to swap in its own per-service dictionary, and no longer compares the two per span.
    /// </summary>
    private sealed class ResourceCache
    {
        private const int SlotCount = 64;

        private readonly ResourceInfo?[] _slots = new ResourceInfo?[SlotCount];

        public static ResourceCache Shared { get; } = new();

        public ResourceInfo Get(List<Attribute> attributes)
        {
            string? serviceName = null;
            foreach (var attribute in attributes)
            {
                OtlpLiftedAttributes.ObserveServiceName(ref serviceName, attribute.Key, attribute.Kind, attribute.Value);
            }
            serviceName = OtlpLiftedAttributes.ServiceNameOrDefault(serviceName);
            var slot = (int)((uint)StringComparer.Ordinal.GetHashCode(serviceName) % SlotCount);
            if (_slots[slot] is { } known && string.Equals(known.ServiceName, serviceName, StringComparison.Ordinal) && SameAttributes(known.Attributes, attributes))
            {
                return known;
            }
            var dictionary = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
            foreach (var attribute in attributes)
            {
                dictionary[attribute.Key] = attribute.Value;
            }
            var made = new ResourceInfo(serviceName, dictionary);
            _slots[slot] = made;
            return made;
        }
    }

    /// <summary>
    /// True when <paramref name="attributes"/> maps to exactly <paramref name="known"/> (values by
    /// <see cref="AttributeValues.Same(object?, object?)"/>). A list with a repeated key (last wins) is
    /// never matched, only rebuilt.
    /// </summary>
    private static bool SameAttributes(Dictionary<string, object?> known, List<Attribute> attributes)
    {
        if (known.Count != attributes.Count || attributes.Count > MaxComparedAttributes)
        {
            return false;
        }
        for (var i = 0; i < attributes.Count; i++)
        {
            var (key, _, value) = attributes[i];
            if (!known.TryGetValue(key, out var other) || !AttributeValues.Same(value, other))
            {
                return false;
            }
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(attributes[j].Key, key, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
