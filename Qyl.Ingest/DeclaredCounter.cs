using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Qyl.Ingest;

/// <summary>A label of a <see cref="DeclaredCounter"/> and every value it is known to take.</summary>
/// <param name="Key">The attribute name (<c>protocol</c>, <c>error.type</c>).</param>
/// <param name="Values">The values it takes; a series exists for each from startup.</param>
public sealed record DeclaredLabel(string Key, params string[] Values);

/// <summary>
/// A counter whose series all exist from startup: every combination of its declared label values is
/// exported at 0 before its first event, so dashboards never show "no data" and <c>absent()</c>
/// alerts mean what they say. An OpenTelemetry <see cref="Counter{T}"/> exports a label set only after
/// its first measurement, and a zero added before the metrics pipeline listens is lost; an
/// observable instrument over our own tallies reports every declared series on every collect.
/// </summary>
/// <remarks>
/// A value outside the declared ones is still counted (its series appears on first use). Adding a
/// series with known labels is declaring it here: <c>DeclaredCounter.Create(meter, name, unit,
/// description, new DeclaredLabel("protocol", ...))</c> gets its zeros without anything else.
/// </remarks>
public sealed class DeclaredCounter
{
    private readonly string[] _keys;
    private readonly Tally[] _declared;
    private readonly ConcurrentDictionary<string, Tally> _undeclared = new(StringComparer.Ordinal);

    private DeclaredCounter(DeclaredLabel[] labels)
    {
        _keys = Array.ConvertAll(labels, l => l.Key);
        _declared = [.. Combinations(labels, 0).Select(values => new Tally(_keys, values))];
    }

    /// <summary>Every declared series with its current count, for tests and for the callback.</summary>
    internal IEnumerable<Measurement<long>> Measurements =>
        _declared.Concat(_undeclared.Values).Select(t => new Measurement<long>(Volatile.Read(ref t.Count), t.Tags));

    /// <summary>A monotonic counter (<c>_total</c> in Prometheus) with the series of <paramref name="labels"/>.</summary>
    public static DeclaredCounter Create(Meter meter, string name, string unit, string description, params DeclaredLabel[] labels)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var counter = new DeclaredCounter(labels);
        meter.CreateObservableCounter(name, () => counter.Measurements, unit, description);
        return counter;
    }

    /// <summary>An up-down counter (a gauge of things open now) with the series of <paramref name="labels"/>.</summary>
    public static DeclaredCounter CreateUpDown(Meter meter, string name, string unit, string description, params DeclaredLabel[] labels)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var counter = new DeclaredCounter(labels);
        meter.CreateObservableUpDownCounter(name, () => counter.Measurements, unit, description);
        return counter;
    }

    /// <summary>Adds to the one series of a counter without labels.</summary>
    public void Add(long value) => Interlocked.Add(ref _declared[0].Count, value);

    /// <summary>Adds to the series with label value <paramref name="value1"/>.</summary>
    public void Add(long value, string value1)
    {
        foreach (var tally in _declared)
        {
            if (string.Equals(tally.Values[0], value1, StringComparison.Ordinal))
            {
                Interlocked.Add(ref tally.Count, value);
                return;
            }
        }
        AddUndeclared(value, [value1]);
    }

    /// <summary>Adds to the series with label values <paramref name="value1"/> and <paramref name="value2"/>.</summary>
    public void Add(long value, string value1, string value2)
    {
        foreach (var tally in _declared)
        {
            if (string.Equals(tally.Values[0], value1, StringComparison.Ordinal) && string.Equals(tally.Values[1], value2, StringComparison.Ordinal))
            {
                Interlocked.Add(ref tally.Count, value);
                return;
            }
        }
        AddUndeclared(value, [value1, value2]);
    }

    private void AddUndeclared(long value, string[] values)
    {
        if (values.Length != _keys.Length)
        {
            throw new ArgumentException($"This counter has {_keys.Length} labels ({string.Join(", ", _keys)}); {values.Length} values were given.", nameof(values));
        }
        var tally = _undeclared.GetOrAdd(string.Join('\u001f', values), _ => new Tally(_keys, values));
        Interlocked.Add(ref tally.Count, value);
    }

    private static IEnumerable<string[]> Combinations(DeclaredLabel[] labels, int index)
    {
        if (index == labels.Length)
        {
            yield return [];
            yield break;
        }
        foreach (var value in labels[index].Values)
        {
            foreach (var rest in Combinations(labels, index + 1))
            {
                yield return [value, .. rest];
            }
        }
    }

    private sealed class Tally(string[] keys, string[] values)
    {
        public long Count;

        public string[] Values { get; } = values;

        public KeyValuePair<string, object?>[] Tags { get; } = [.. keys.Select((k, i) => new KeyValuePair<string, object?>(k, values[i]))];
    }
}
