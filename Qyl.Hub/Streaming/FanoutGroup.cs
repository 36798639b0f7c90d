using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The subscriptions sharing one canonical key and the spans waiting to go to them. One lock guards
/// the pending batch and the member list, and batches are handed to the members' outboxes under it,
/// so the ingest thread (size cap) and the flusher (window) can never reorder two batches of a group.
/// </summary>
internal sealed class FanoutGroup(string key, int maxBatchSpans)
{
    private readonly Lock _lock = new();
    private List<SpanRecord>? _pending;
    private long _pendingSince;
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
                _pending = new List<SpanRecord>(Math.Min(maxBatchSpans, 64));
                _pendingSince = acceptTimestamp;
            }
            _pending.Add(span);
            if (_pending.Count >= maxBatchSpans)
            {
                DispatchLocked();
            }
            if (_flushQueued)
            {
                return false;
            }
            _flushQueued = true;
            return true;
        }
    }

    /// <summary>Sends whatever is pending (the coalescing window has passed).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            _flushQueued = false;
            DispatchLocked();
        }
    }

    private void DispatchLocked()
    {
        if (_pending is null || _pending.Count == 0)
        {
            return;
        }
        // One batch object shared by every member: serialized once per protocol by SignalR's
        // message cache for a group send, and never copied per member here.
        var batch = new SpanBatch { Key = Key, Spans = _pending };
        var since = _pendingSince;
        _pending = null;
        foreach (var member in _members)
        {
            member.Outbox.EnqueueLive(member, batch, since);
        }
    }
}
