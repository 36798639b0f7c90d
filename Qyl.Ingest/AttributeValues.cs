namespace Qyl.Ingest;

/// <summary>
/// When two mapped attribute values (string, bool, long, double, <c>object?[]</c>,
/// <c>Dictionary&lt;string, object?&gt;</c>, null) are the same value, so the decoder and the
/// embedded store may share one of them: one rule for both, because a span must come out of the
/// store with exactly the values it went in with.
/// </summary>
internal static class AttributeValues
{
    /// <summary>
    /// Doubles by their bits (0.0 and -0.0 are <see cref="double.Equals(double)"/> but are different
    /// values on the wire), arrays and maps by content, everything else by <see cref="object.Equals(object, object)"/>.
    /// </summary>
    public static bool Same(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (object?[] x, object?[] y) => SameItems(x, y),
        (Dictionary<string, object?> x, Dictionary<string, object?> y) => Same(x, y),
        _ => Equals(a, b),
    };

    /// <summary>The same keys, each with the same value.</summary>
    public static bool Same(Dictionary<string, object?> known, Dictionary<string, object?> candidate)
    {
        if (known.Count != candidate.Count)
        {
            return false;
        }
        foreach (var (key, value) in candidate)
        {
            if (!known.TryGetValue(key, out var other) || !Same(value, other))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameItems(object?[] x, object?[] y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }
        for (var i = 0; i < x.Length; i++)
        {
            if (!Same(x[i], y[i]))
            {
                return false;
            }
        }
        return true;
    }
}
