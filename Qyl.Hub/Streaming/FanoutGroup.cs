using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// One SignalR group of <see cref="TelemetryHub"/>: the subscriptions sharing one canonical key
/// (hub connections and SSE streams alike) and the records waiting to go to them: spans, or log
/// records for a log group (<see cref="TelemetryHubPaths.LogsKey"/>). Ingest threads only
/// append under the lock (a full batch is sealed in place, never sent from there); the single
/// flusher takes everything at once and sends it to the group (<see cref="TelemetryHubLifetimeManager"/>),
/// which hands it to the members outside the lock. One taker means two batches of a group can never
/// be reordered, and a slow member never holds the lock.
/// </summary>
/// <remarks>
/// A summary-view group (<paramref name="summary"/>) takes the same spans and sends each batch as
/// <see cref="SpanSummaryBatch"/>, projected once for all its members.
/// </remarks>
internal sealed class FanoutGroup(string key, int maxBatchSpans, bool summary = false)
{
    private readonly Lock _lock = new();
    // A group holds one kind of record: spans, or log records for a log group.
    private List<SpanRecord>? _pending;
    private List<LogRecord>? _pendingLogs;
    private long _pendingSince;
    // Full batches waiting for the flusher, oldest first; null while there are none.
    private List<LiveBatch>? _sealed;
    // Members are _members[0.._memberCount). Adding writes past the count of every snapshot already
    // taken (or into a new, doubled array), so a flush iterating its snapshot never sees a change and
    // joining stays amortized O(1): 10,000 subscribers on one filter would otherwise copy the array
    // 10,000 times. Removing copies, because it shifts members a snapshot may be iterating.
    private Subscription[] _members = [];
    private int _memberCount;
    private bool _flushQueued;

    public string Key { get; } = key;

    public int MemberCount
    {
        get
        {
            lock (_lock)
            {
                return _memberCount;
            }
        }
    }

    public void Add(Subscription subscription)
    {
        lock (_lock)
        {
            if (_memberCount == _members.Length)
            {
                var grown = new Subscription[Math.Max(4, _members.Length * 2)];
                Array.Copy(_members, grown, _memberCount);
                _members = grown;
            }
            _members[_memberCount++] = subscription;
        }
    }

    /// <summary>Removes the member; true when the group is now empty.</summary>
    public bool Remove(Subscription subscription)
    {
        lock (_lock)
        {
            var index = Array.FindIndex(_members, 0, _memberCount, m => ReferenceEquals(m, subscription));
            if (index >= 0)
            {
                var kept = new Subscription[_members.Length];
                Array.Copy(_members, kept, index);
                Array.Copy(_members, index + 1, kept, index, _memberCount - index - 1);
                _members = kept;
                _memberCount--;
            }
            if (_memberCount == 0)
            {
                _pending = null;
                _pendingLogs = null;
                _sealed = null;
            }
            return _memberCount == 0;
        }
    }

    /// <summary>Adds a span; true when the group needs a flush it has not asked for yet.</summary>
    public bool Append(SpanRecord span, long acceptTimestamp)
    {
        lock (_lock)
        {
            if (_memberCount == 0)
            {
                return false;
            }
            if (_pending is null)
            {
                _pending = new List<SpanRecord>(Math.Min(maxBatchSpans, 16));
                _pendingSince = acceptTimestamp;
            }
            _pending.Add(span);
            if (_pending.Count >= maxBatchSpans)
            {
                (_sealed ??= []).Add(SpanBatchOf(_pending));
                _pending = null;
            }
            return QueueFlushLocked();
        }
    }

    /// <summary>Adds a log record (log groups); true when the group needs a flush it has not asked for yet.</summary>
    public bool Append(LogRecord log, long acceptTimestamp)
    {
        lock (_lock)
        {
            if (_memberCount == 0)
            {
                return false;
            }
            if (_pendingLogs is null)
            {
                _pendingLogs = new List<LogRecord>(Math.Min(maxBatchSpans, 16));
                _pendingSince = acceptTimestamp;
            }
            _pendingLogs.Add(log);
            if (_pendingLogs.Count >= maxBatchSpans)
            {
                (_sealed ??= []).Add(LiveBatch.Of(new LogBatch { Key = Key, Logs = _pendingLogs }, _pendingSince));
                _pendingLogs = null;
            }
            return QueueFlushLocked();
        }
    }

    /// <summary>
    /// Takes everything pending, oldest batch first, into <paramref name="taken"/>. Called by the
    /// flusher only (one thread), so batches leave in the order they were formed.
    /// </summary>
    public void TakeBatches(List<LiveBatch> taken)
    {
        lock (_lock)
        {
            _flushQueued = false;
            if (_sealed is not null)
            {
                taken.AddRange(_sealed);
                _sealed = null;
            }
            // One batch object shared by every member: serialized once per protocol, never copied per member.
            if (_pending is { Count: > 0 })
            {
                taken.Add(SpanBatchOf(_pending));
                _pending = null;
            }
            if (_pendingLogs is { Count: > 0 })
            {
                taken.Add(LiveBatch.Of(new LogBatch { Key = Key, Logs = _pendingLogs }, _pendingSince));
                _pendingLogs = null;
            }
        }
    }

    /// <summary>
    /// Hands <paramref name="batch"/> to every member's outbox, but those of
    /// <paramref name="excludedConnectionIds"/>. A member that joins after the snapshot gets the next
    /// batch; one that left is skipped by its outbox.
    /// </summary>
    public void Deliver(LiveBatch batch, IReadOnlyList<string>? excludedConnectionIds = null)
    {
        Subscription[] members;
        int memberCount;
        lock (_lock)
        {
            members = _members;
            memberCount = _memberCount;
        }
        foreach (var member in members.AsSpan(0, memberCount))
        {
            if (excludedConnectionIds is null || !excludedConnectionIds.Contains(member.Outbox.ConnectionId))
            {
                member.Outbox.EnqueueLive(member, batch);
            }
        }
    }

    private LiveBatch SpanBatchOf(List<SpanRecord> spans) =>
        summary
            ? LiveBatch.Of(new SpanSummaryBatch { Key = Key, Spans = SpanSummary.From(spans) }, _pendingSince)
            : LiveBatch.Of(new SpanBatch { Key = Key, Spans = spans }, _pendingSince);

    private bool QueueFlushLocked()
    {
        if (_flushQueued)
        {
            return false;
        }
        _flushQueued = true;
        return true;
    }
}
