namespace Qyl.Ingest;

/// <summary>
/// Boxes for attribute values that repeat everywhere (booleans, small integers such as token counts,
/// status codes and ports). Boxes are immutable, so the decoder and the embedded store share these
/// and a stored span's values need no second copy.
/// </summary>
internal static class SharedBoxes
{
    public const long MinLong = -128;
    public const long MaxLong = 1024;

    private static readonly object[] s_longs = [.. Enumerable.Range((int)MinLong, (int)(MaxLong - MinLong + 1)).Select(i => (object)(long)i)];

    public static object True { get; } = true;

    public static object False { get; } = false;

    public static object Bool(bool value) => value ? True : False;

    /// <summary>The shared box of <paramref name="value"/>, or a new one outside the shared range.</summary>
    public static object Long(long value) => value is >= MinLong and <= MaxLong ? s_longs[value - MinLong] : value;

    /// <summary>The shared box for a boxed bool or small long, or null when there is none.</summary>
    public static object? SharedFor(object value) => value switch
    {
        bool b => Bool(b),
        long l when l is >= MinLong and <= MaxLong => s_longs[l - MinLong],
        _ => null,
    };
}
