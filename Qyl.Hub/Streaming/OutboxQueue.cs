using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The bounded queue between the fan-out and one connection, shared by both outbox roles
/// (<see cref="HubConnectionOutbox"/>, <see cref="StreamOutbox"/>). Adding never waits: past
/// <see cref="StreamingOptions.MaxBacklogSpansPerConnection"/> the oldest batches are dropped for this
/// connection alone and one Dropped marker per subscription takes their place, at the position of
/// the first dropped batch, so the notice reaches the client before any later record of that
/// subscription.
/// </summary>
/// <remarks>
/// The queue also knows whether a sender owns it, under the same lock as the entries: a batch may
/// be written inline only when nobody else sends (<see cref="TryClaimOrAdd"/>), and a sender that
/// finds the queue empty gives up ownership in the same step (<see cref="TryTake"/>), so no entry
/// is ever left behind with nobody to send it.
/// </remarks>
internal sealed class OutboxQueue(string connectionId, int maxBacklogSpans, HubMetrics metrics, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<OutboxEntry> _entries = new();
    private int _backlogSpans;
    private bool _overflowLogged;
    // True while a sender owns the queue. Invariant: entries are queued only while it is true (a
    // caller that finds it false owns sending from then on), so an empty queue can end a drain.
    private bool _sending;

    /// <summary>Records (spans and log records) queued and not yet taken (diagnostic; at most the bound).</summary>
    public int BacklogSpans => Volatile.Read(ref _backlogSpans);

    /// <summary>
    /// Claims sending when nobody sends (true: the caller writes <paramref name="batch"/> itself and
    /// then drains); otherwise queues it behind what is in flight (false). A removed subscription's
    /// batch is neither sent nor queued (false).
    /// </summary>
    public bool TryClaimOrAdd(Subscription subscription, LiveBatch batch)
    {
        lock (_lock)
        {
            if (subscription.Removed)
            {
                return false;
            }
            if (!_sending)
            {
                _sending = true;
                return true;
            }
            AddLocked(OutboxEntry.Live(subscription, batch));
            return false;
        }
    }

    /// <summary>Queues <paramref name="entry"/>; true when nobody was sending and the caller now owns sending.</summary>
    public bool Add(OutboxEntry entry)
    {
        lock (_lock)
        {
            if (entry.Subscription.Removed)
            {
                return false;
            }
            AddLocked(entry);
            if (_sending)
            {
                return false;
            }
            _sending = true;
            return true;
        }
    }

    /// <summary>
    /// The next entry, or null when the queue is empty, which also ends the caller's ownership of
    /// sending. A Dropped marker comes with its notice, read and reset under the lock.
    /// </summary>
    public OutboxEntry? TryTake(out DroppedNotice? notice)
    {
        notice = null;
        lock (_lock)
        {
            var node = _entries.First;
            if (node is null)
            {
                _sending = false;
                return null;
            }
            _entries.RemoveFirst();
            var entry = node.Value;
            if (entry.Kind == OutboxEntryKind.Live)
            {
                _backlogSpans -= entry.Batch.Count;
            }
            else if (entry.Kind == OutboxEntryKind.Dropped)
            {
                var s = entry.Subscription;
                notice = new DroppedNotice { Key = s.Key, FromSeq = s.DroppedFromSeq, ToSeq = s.DroppedToSeq, Count = s.DroppedCount };
                s.DroppedMarkerQueued = false;
                s.DroppedToSeq = 0;
            }
            return entry;
        }
    }

    /// <summary>Forgets every entry (the connection is closing).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _backlogSpans = 0;
        }
    }

    private void AddLocked(OutboxEntry entry)
    {
        _entries.AddLast(entry);
        if (entry.Kind != OutboxEntryKind.Live)
        {
            return;
        }
        _backlogSpans += entry.Batch.Count;
        if (_backlogSpans > maxBacklogSpans)
        {
            DropOldestLocked();
        }
    }

    private void DropOldestLocked()
    {
        var dropped = 0;
        var node = _entries.First;
        while (node is not null && _backlogSpans > maxBacklogSpans)
        {
            var next = node.Next;
            var entry = node.Value;
            if (entry.Kind == OutboxEntryKind.Live)
            {
                var batch = entry.Batch;
                _backlogSpans -= batch.Count;
                dropped += batch.Count;
                var subscription = entry.Subscription;
                if (!subscription.DroppedMarkerQueued)
                {
                    subscription.DroppedMarkerQueued = true;
                    subscription.DroppedFromSeq = batch.FirstSeq;
                    subscription.DroppedCount = 0;
                    _entries.AddBefore(node, OutboxEntry.Dropped(subscription));
                }
                subscription.DroppedFromSeq = Math.Min(subscription.DroppedFromSeq, batch.FirstSeq);
                subscription.DroppedToSeq = Math.Max(subscription.DroppedToSeq, batch.LastSeq);
                subscription.DroppedCount += batch.Count;
                _entries.Remove(node);
            }
            node = next;
        }
        metrics.Dropped(dropped);
        if (!_overflowLogged)
        {
            _overflowLogged = true;
            StreamingLog.FirstOverflow(logger, connectionId, dropped, maxBacklogSpans);
        }
    }
}
