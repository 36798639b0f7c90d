using Qyl.Contracts;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>
/// One trace of the embedded store: its retained spans in seq order and its summary, kept up to
/// date span by span so listing 20,000 traces never rescans their spans.
/// </summary>
/// <remarks>
/// Eviction removes a trace's oldest span, which may have been its root or its earliest: the
/// summary is then marked stale and rebuilt from the remaining spans when next read, once, rather
/// than on every eviction (a 100,000-span trace being evicted would otherwise cost O(n²)).
/// In-progress records are listed (trace-filtered reads, trace detail) but never summarized.
/// </remarks>
internal sealed class TraceAggregate(string traceId) : ISeqOrderedSpans
{
    private readonly List<StoredSpan> _spans = new(4);
    private int _head;
    private bool _stale;
    private StoredSpan? _root;
    private string? _firstSessionId;
    private long _start = long.MaxValue;
    private long _end = long.MinValue;
    private int _errors;
    private int _finished;
    private decimal _costUsd;
    private int _unpriced;
    private string[] _services = [];
    private string[] _sessions = [];

    public string TraceId { get; } = traceId;

    public int Count => _spans.Count - _head;

    /// <summary>True once the trace holds a finished span: a trace of running spans only has no summary yet.</summary>
    public bool HasFinished
    {
        get
        {
            Refresh();
            return _finished > 0;
        }
    }

    public StoredSpan this[int index] => _spans[_head + index];

    public long StartTimeUnixNano
    {
        get
        {
            Refresh();
            return _start;
        }
    }

    public void Add(StoredSpan span)
    {
        _spans.Add(span);
        if (!_stale)
        {
            Include(span);
        }
    }

    /// <summary>Drops the oldest span (the one the ring just evicted).</summary>
    public void RemoveOldest()
    {
        _spans[_head++] = null!;
        // Compact once the dead prefix is half the list, so removal stays amortized O(1).
        if (_head * 2 >= _spans.Count)
        {
            _spans.RemoveRange(0, _head);
            _head = 0;
        }
        _stale = true;
    }

    public bool HasService(string serviceName)
    {
        Refresh();
        return Array.IndexOf(_services, serviceName) >= 0;
    }

    public bool HasSession(string sessionId)
    {
        Refresh();
        return Array.IndexOf(_sessions, sessionId) >= 0;
    }

    public TraceSummary ToSummary()
    {
        Refresh();
        var root = _root!;
        return new TraceSummary(
            TraceId, root.Name, root.ServiceName, root.SessionId ?? _firstSessionId,
            _start, (_end - _start) / 1_000_000.0, _finished, _errors, (double)_costUsd, _unpriced);
    }

    /// <summary>The index of the first retained span with seq above <paramref name="afterSeq"/>.</summary>
    public int IndexAfter(long afterSeq) => SeqOrderedSpans.IndexAfter(this, afterSeq);

    private void Include(StoredSpan span)
    {
        // In-progress records are in the list (seq order, eviction in step with the ring) but not in
        // the summary: it describes finished spans, so a span with both records counts once.
        if (span.InProgress)
        {
            return;
        }
        _finished++;
        // The root is the (first) span without a parent; until one arrives, the earliest starting span.
        if (_root is null
            || (span.IsRoot && !_root.IsRoot)
            || (!_root.IsRoot && span.StartTimeUnixNano < _root.StartTimeUnixNano))
        {
            _root = span;
        }
        _firstSessionId ??= span.SessionId;
        _start = Math.Min(_start, span.StartTimeUnixNano);
        _end = Math.Max(_end, span.EndTimeUnixNano ?? span.StartTimeUnixNano);
        if (span.Status == SpanStatuses.Error)
        {
            _errors++;
        }
        if (span.GenAi?.CostUsd is { } cost)
        {
            _costUsd += (decimal)cost;
        }
        else if (GenAiPricing.IsUnpriced(span.GenAi))
        {
            _unpriced++;
        }
        AddDistinct(ref _services, span.ServiceName);
        if (span.SessionId is not null)
        {
            AddDistinct(ref _sessions, span.SessionId);
        }
    }

    private void Refresh()
    {
        if (!_stale)
        {
            return;
        }
        _stale = false;
        _root = null;
        _firstSessionId = null;
        _start = long.MaxValue;
        _end = long.MinValue;
        _errors = 0;
        _finished = 0;
        _costUsd = 0;
        _unpriced = 0;
        _services = [];
        _sessions = [];
        for (var i = 0; i < Count; i++)
        {
            Include(this[i]);
        }
    }

    // Traces touch one or a few services and sessions: a tiny array beats a set.
    private static void AddDistinct(ref string[] values, string value)
    {
        if (Array.IndexOf(values, value) < 0)
        {
            values = [.. values, value];
        }
    }
}
