using System.Runtime.InteropServices;
using Qyl.Contracts;

namespace Qyl.Ingest.Storage.InMemory;

/// <summary>
/// One session of the embedded store, maintained span by span: counts and token sums cover the
/// retained spans; first and last seen describe the session's whole history, including evicted spans.
/// </summary>
internal sealed class SessionAggregate(string sessionId, string serviceName)
{
    private readonly Dictionary<string, int> _services = new(StringComparer.Ordinal);
    private long _inputTokens;
    private long _outputTokens;
    private long _errors;
    // Decimal: spans are added and, on eviction, subtracted again; a double sum would drift from
    // the exact total of the retained spans (and from PostgreSQL's numeric sum).
    private decimal _costUsd;
    private long _unpriced;

    public string SessionId { get; } = sessionId;

    public long SpanCount { get; private set; }

    public long FirstSeenUnixNano { get; private set; } = long.MaxValue;

    public long LastSeenUnixNano { get; private set; }

    /// <summary>Retained spans per trace: the keys are the session's traces.</summary>
    public Dictionary<string, int> TraceSpanCounts { get; } = new(StringComparer.Ordinal);

    public bool HasService(string name) => _services.ContainsKey(name);

    /// <summary>Adds (<paramref name="sign"/> = +1) or removes (-1) one span's contribution.</summary>
    public void Add(StoredSpan span, int sign)
    {
        SpanCount += sign;
        _inputTokens += sign * (span.GenAi?.InputTokens ?? 0);
        _outputTokens += sign * (span.GenAi?.OutputTokens ?? 0);
        if (span.Status == SpanStatuses.Error)
        {
            _errors += sign;
        }
        if (span.GenAi?.CostUsd is { } cost)
        {
            _costUsd += sign * (decimal)cost;
        }
        else if (GenAiPricing.IsUnpriced(span.GenAi))
        {
            _unpriced += sign;
        }
        Bump(TraceSpanCounts, span.TraceId, sign);
        Bump(_services, span.ServiceName, sign);
        if (sign > 0)
        {
            FirstSeenUnixNano = Math.Min(FirstSeenUnixNano, span.StartTimeUnixNano);
            LastSeenUnixNano = Math.Max(LastSeenUnixNano, span.EndTimeUnixNano ?? span.StartTimeUnixNano);
        }
    }

    public SessionSummary ToSummary() => new(
        SessionId, serviceName, SpanCount, TraceSpanCounts.Count, FirstSeenUnixNano, LastSeenUnixNano, _inputTokens, _outputTokens, _errors,
        (double)_costUsd, _unpriced);

    // One hash of the key per span rather than a lookup and then a store.
    private static void Bump(Dictionary<string, int> counts, string key, int sign)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
        count += sign;
        if (count == 0)
        {
            counts.Remove(key);
        }
    }
}
