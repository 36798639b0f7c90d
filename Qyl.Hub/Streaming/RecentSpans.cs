using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The last spans published, in seq order. A store may hand spans to the live path before a reader
/// can see them (PostgreSQL: before the COPY commits). A span published just before a resuming
/// subscription joined its group would then be in neither the replay nor the live stream; the
/// replay closes that window by reading this ring after the store.
/// </summary>
internal sealed class RecentSpans(int capacity)
{
    private readonly Lock _lock = new();
    private readonly SpanRecord[] _ring = new SpanRecord[capacity];
    private int _next;
    private int _count;

    public void Add(IReadOnlyList<SpanRecord> spans)
    {
        lock (_lock)
        {
            foreach (var span in spans)
            {
                _ring[_next] = span;
                _next = (_next + 1) % _ring.Length;
                _count = Math.Min(_count + 1, _ring.Length);
            }
        }
    }

    /// <summary>Held spans with seq above <paramref name="afterSeq"/> matching <paramref name="filter"/>, ascending.</summary>
    public List<SpanRecord> After(long afterSeq, SpanFilter filter)
    {
        var result = new List<SpanRecord>();
        lock (_lock)
        {
            var start = (_next - _count + _ring.Length) % _ring.Length;
            for (var i = 0; i < _count; i++)
            {
                var span = _ring[(start + i) % _ring.Length];
                if (span.Seq > afterSeq && filter.Matches(span))
                {
                    result.Add(span);
                }
            }
        }
        return result;
    }
}
