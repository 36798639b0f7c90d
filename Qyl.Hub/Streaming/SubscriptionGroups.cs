using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Qyl.Contracts;

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
    // Span groups by canonical key; log groups by canonical key too (their names add the logs: prefix),
    // so publishing looks a record's matching keys up without building prefixed strings.
    private readonly ConcurrentDictionary<string, FanoutGroup> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FanoutGroup> _logGroups = new(StringComparer.Ordinal);
    // Summary-view span groups by the key of their selection (SpanFilter.SelectionKey), so a published
    // span finds both views of each matching filter with the same keys.
    private readonly ConcurrentDictionary<string, FanoutGroup> _summaryGroups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionOutbox> _connections = new(StringComparer.Ordinal);
    private readonly Lock _membership = new();
    private readonly int _maxBatchSpans = options.Value.MaxBatchSpans;

    /// <summary>True when no span subscription is in any group (publishing then only remembers spans).</summary>
    public bool HasNoSpanGroups => _groups.IsEmpty && _summaryGroups.IsEmpty;

    /// <summary>True when no full-view span subscription is in any group.</summary>
    public bool HasNoFullGroups => _groups.IsEmpty;

    /// <summary>True when no summary-view span subscription is in any group.</summary>
    public bool HasNoSummaryGroups => _summaryGroups.IsEmpty;

    /// <summary>True when no log subscription is in any group.</summary>
    public bool HasNoLogGroups => _logGroups.IsEmpty;

    /// <summary>The group named <paramref name="name"/> (a subscription key, span or log), or null.</summary>
    public FanoutGroup? Find(string name)
    {
        if (name.StartsWith(TelemetryHubPaths.LogsKeyPrefix, StringComparison.Ordinal))
        {
            return _logGroups.GetValueOrDefault(name[TelemetryHubPaths.LogsKeyPrefix.Length..]);
        }
        var selection = SpanFilter.SelectionKeyOf(name, out var summary);
        return (summary ? _summaryGroups : _groups).GetValueOrDefault(selection);
    }

    /// <summary>The span group of canonical key <paramref name="key"/> (full view), or null.</summary>
    public FanoutGroup? FindSpanGroup(string key) => _groups.GetValueOrDefault(key);

    /// <summary>The summary-view span group of the selection <paramref name="selectionKey"/>, or null.</summary>
    public FanoutGroup? FindSummaryGroup(string selectionKey) => _summaryGroups.GetValueOrDefault(selectionKey);

    /// <summary>The log group of canonical key <paramref name="key"/> (named <c>logs:</c> + key), or null.</summary>
    public FanoutGroup? FindLogGroup(string key) => _logGroups.GetValueOrDefault(key);

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
                // Its replay was released when it was removed.
                return;
            }
            var (table, key) = TableOf(subscription);
            table.GetOrAdd(key, _ => new FanoutGroup(subscription.Key, _maxBatchSpans, subscription.Filter.IsSummary)).Add(subscription);
        }
        subscription.MarkJoined();
    }

    public void Leave(Subscription subscription)
    {
        lock (_membership)
        {
            var (table, key) = TableOf(subscription);
            if (table.TryGetValue(key, out var group) && group.Remove(subscription))
            {
                table.TryRemove(key, out _);
            }
        }
    }

    private (ConcurrentDictionary<string, FanoutGroup> Table, string Key) TableOf(Subscription subscription) =>
        subscription.Kind == SubscriptionKind.Logs
            ? (_logGroups, subscription.Key[TelemetryHubPaths.LogsKeyPrefix.Length..])
            : subscription.Filter.IsSummary
                ? (_summaryGroups, subscription.Filter.SelectionKey)
                : (_groups, subscription.Key);
}
