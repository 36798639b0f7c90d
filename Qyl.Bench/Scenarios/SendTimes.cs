using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// When each request of a fan-out run was sent, by request number, for spans that cannot carry their
/// send time: a summary-view span has no attributes. Every request template writes the request number
/// into the first 8 bytes of each trace id (<c>PatchKind.TraceId</c>), so a subscriber in the same
/// process finds a span's send time from its trace id's first 16 hex characters.
/// </summary>
internal static class SendTimes
{
    private static readonly ConcurrentDictionary<long, double> s_sent = new();

    /// <summary>Notes that request <paramref name="requestNumber"/> is being sent now (the moment its template is rendered).</summary>
    public static void Record(long requestNumber) => s_sent[requestNumber] = Stopwatch.GetTimestamp();

    /// <summary>The send timestamp of the request behind <paramref name="traceIdHex"/>, or NaN when unknown.</summary>
    public static double Of(ReadOnlySpan<char> traceIdHex) =>
        traceIdHex.Length >= 16 && long.TryParse(traceIdHex[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var request)
            && s_sent.TryGetValue(request, out var sent)
            ? sent
            : double.NaN;

    /// <inheritdoc cref="Of(ReadOnlySpan{char})"/>
    public static double Of(ReadOnlySpan<byte> traceIdUtf8)
    {
        Span<char> hex = stackalloc char[16];
        if (traceIdUtf8.Length < 16)
        {
            return double.NaN;
        }
        for (var i = 0; i < 16; i++)
        {
            hex[i] = (char)traceIdUtf8[i];
        }
        return Of(hex);
    }
}
