using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The subscriptions sharing one canonical key and the spans waiting to go to them. Ingest threads
/// only append under the lock (a full batch is sealed in place, never sent from there); the single
/// flusher takes everything at once and hands it to the members outside the lock. One taker means
/// two batches of a group can never be reordered, and a slow member never holds the lock.
/// </summary>
internal sealed class FanoutGroup(string key, int maxBatchSpans)
{
    private readonly Lock _lock = new();
    private List<SpanRecord>? _pending;
    private long _pendingSince;
    // Full batches waiting for the flusher, oldest first; null while there are none.
    private List<(SpanBatch Batch, long Since)>? _sealed;
    private Subscription[] _members = [];
    private bool _flushQueued;

    public string Key { get; } = key;

    public int MemberCount
    {
        get
        {
            lock (_lock)
            {
                return _members.Length;
            }
        }
    }

    public void Add(Subscription subscription)
    {
        lock (_lock)
        {
            _members = [.. _members, subscription];
        }
    }

    /// <summary>Removes the member; true when the group is now empty.</summary>
    public bool Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _members = Array.FindAll(_members, m => !ReferenceEquals(m, subscription));
            if (_members.Length == 0)
            {
                _pending = null;
                _sealed = null;
            }
            return _members.Length == 0;
        }
    }

    /// <summary>Adds a span; true when the group needs a flush it has not asked for yet.</summary>
    public bool Append(SpanRecord span, long acceptTimestamp)
    {
        lock (_lock)
        {
            if (_members.Length == 0)
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
                (_sealed ??= []).Add((new SpanBatch { Key = Key, Spans = _pending }, _pendingSince));
                _pending = null;
            }
            if (_flushQueued)
            {
                return false;
            }
            _flushQueued = true;
            return true;
        }
    }

    /// <summary>
    /// Hands everything pending to the members, oldest batch first. Called by the flusher only (one
    /// thread), so batches leave in the order they were formed. A member that joins after the snapshot
    /// gets the next batch; one that left is skipped by its outbox.
    /// </summary>
    public void Flush()
    {
        List<(SpanBatch Batch, long Since)>? full;
        SpanBatch? last = null;
        long lastSince = 0;
        Subscription[] members;
        lock (_lock)
        {
            _flushQueued = false;
            full = _sealed;
            _sealed = null;
            if (_pending is { Count: > 0 })
            {
                // One batch object shared by every member: serialized once per protocol, never copied per member.
                last = new SpanBatch { Key = Key, Spans = _pending };
                lastSince = _pendingSince;
                _pending = null;
            }
            members = _members;
        }
        if (full is not null)
        {
            foreach (var (batch, since) in full)
            {
                Deliver(members, batch, since);
            }
        }
        if (last is not null)
        {
            Deliver(members, last, lastSince);
        }
    }

    private static void Deliver(Subscription[] members, SpanBatch batch, long since)
    {
        foreach (var member in members)
        {
            member.Outbox.EnqueueLive(member, batch, since);
        }
    }
}
