using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Qyl.Hub.Streaming;

/// <summary>
/// The live path's one routing table: open connections by id, and the groups (named by subscription
/// key, <see cref="Qyl.Contracts.SpanFilter.CanonicalKey"/>) their subscriptions are members of.
/// These groups are the SignalR groups of <see cref="TelemetryHub"/>: <c>Groups.AddToGroupAsync</c>
/// and a send to <c>Clients.Group(key)</c> reach them through <see cref="TelemetryHubLifetimeManager"/>,
/// and SSE streams join the same groups directly.
/// </summary>
internal sealed class SubscriptionGroups(IOptions<StreamingOptions> options)
{
    private readonly ConcurrentDictionary<string, FanoutGroup> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionOutbox> _connections = new(StringComparer.Ordinal);
    private readonly Lock _membership = new();
    private readonly int _maxBatchSpans = options.Value.MaxBatchSpans;

    /// <summary>True when no subscription is in any group (publishing then only remembers spans).</summary>
    public bool IsEmpty => _groups.IsEmpty;

    public FanoutGroup? Find(string key) => _groups.GetValueOrDefault(key);

    public void AddConnection(ConnectionOutbox outbox)
    {
        if (!_connections.TryAdd(outbox.ConnectionId, outbox))
        {
            throw new InvalidOperationException($"Connection {outbox.ConnectionId} is already open.");
        }
    }

    public ConnectionOutbox? FindConnection(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public ConnectionOutbox? RemoveConnection(string connectionId) =>
        _connections.TryRemove(connectionId, out var outbox) ? outbox : null;

    /// <summary>Spans waiting in each open connection's outbox, by connection id.</summary>
    public IReadOnlyDictionary<string, int> GetBacklogSpans() =>
        _connections.ToDictionary(kv => kv.Key, kv => kv.Value.BacklogSpans, StringComparer.Ordinal);

    /// <summary>Puts the subscription into its group; live spans reach its outbox from now on.</summary>
    public void Join(Subscription subscription)
    {
        lock (_membership)
        {
            // Checked under the lock Leave takes after marking it removed: a subscription removed
            // while joining (its connection closing) is either left again or never added.
            if (subscription.Removed)
            {
                return;
            }
            _groups.GetOrAdd(subscription.Key, k => new FanoutGroup(k, _maxBatchSpans)).Add(subscription);
        }
    }

    public void Leave(Subscription subscription)
    {
        lock (_membership)
        {
            if (_groups.TryGetValue(subscription.Key, out var group) && group.Remove(subscription))
            {
                _groups.TryRemove(subscription.Key, out _);
            }
        }
    }
}
