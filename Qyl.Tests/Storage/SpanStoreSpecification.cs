using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="ISpanStore"/> must have. Each implementation subclasses this and
/// supplies <see cref="CreateStoreAsync"/> and <see cref="RestartStoreAsync"/>; the same tests then
/// run against it (like SignalR's HubLifetimeManagerTestBase).
/// </summary>
/// <remarks>
/// What the suite assumes, so that a store backed by one shared database works:
/// <list type="bullet">
/// <item>Every test uses its own service names, session ids and trace ids (<see cref="Unique"/>,
/// <see cref="TestSpans.NewTraceId"/>) and only asserts on data it wrote: it filters by its own
/// service, session or trace, or picks its own rows out of unfiltered results. Other tests may write
/// to the same store at the same time.</item>
/// <item>No test depends on eviction or retention: nothing a test wrote disappears during the test.
/// Eviction (the embedded store's MaxSpans) is tested in the implementation's own class.</item>
/// <item>Seqs are compared only with each other, never with absolute values.</item>
/// <item>Aggregates follow one definition: a service's <c>lastSeenUnixNano</c> is the largest
/// <c>endTimeUnixNano</c> of its spans; a session's <c>firstSeenUnixNano</c>/<c>lastSeenUnixNano</c>
/// are the smallest start and largest end of its spans and its <c>serviceName</c> the service of its
/// first span (by seq); a trace's start is its smallest start, its duration (largest end − start) in
/// ms, its root the span without parent (else the earliest starting span), its session the root's
/// session, else that of its first span (by seq) that has one; a trace list filtered by service or
/// session holds the traces with at least one such span.</item>
/// </list>
/// Stores created through <see cref="NewStoreAsync"/> are disposed after the test when they implement
/// <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.
/// </remarks>
public abstract partial class SpanStoreSpecification : IAsyncLifetime
{
    private readonly List<ISpanStore> _stores = [];

    /// <summary>
    /// A store ready for use. It may be fresh and empty, or share data with other tests (see the class
    /// remarks); either way the spans the test writes must not already be in it.
    /// </summary>
    protected abstract Task<ISpanStore> CreateStoreAsync(StorageOptions options);

    /// <summary>
    /// Simulates a process restart: releases <paramref name="store"/> and returns the store the next
    /// process would see. Durable stores (<see cref="IsDurable"/>) return a store over the same data;
    /// the embedded store returns a new, empty store (whose clock must have moved on, as a real
    /// restart's would).
    /// </summary>
    protected abstract Task<ISpanStore> RestartStoreAsync(ISpanStore store);

    /// <summary>True when stored spans survive <see cref="RestartStoreAsync"/>.</summary>
    protected virtual bool IsDurable => false;

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().AsTask().WithTimeout();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Creates a store with default options and disposes it after the test.</summary>
    protected async Task<ISpanStore> NewStoreAsync(StorageOptions? options = null)
    {
        var store = await CreateStoreAsync(options ?? new StorageOptions()).WithTimeout();
        _stores.Add(store);
        return store;
    }

    /// <summary>Restarts through <see cref="RestartStoreAsync"/> and disposes the result after the test.</summary>
    protected async Task<ISpanStore> RestartAsync(ISpanStore store)
    {
        _stores.Remove(store);
        var restarted = await RestartStoreAsync(store).WithTimeout();
        _stores.Add(restarted);
        return restarted;
    }

    /// <summary>A name no other test uses: <paramref name="prefix"/> and a random suffix.</summary>
    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Appends <paramref name="spans"/> and returns the sequenced records handed to onSequenced.</summary>
    protected static async Task<IReadOnlyList<SpanRecord>> AppendAsync(ISpanStore store, params SpanRecord[] spans)
    {
        IReadOnlyList<SpanRecord> sequenced = [];
        var result = await store.AppendAsync(spans, b => sequenced = [.. b.Spans], CancellationToken.None).WithTimeout();
        Assert.Equal(sequenced.Count, result.Stored);
        return sequenced;
    }

    /// <summary>Every stored span of <paramref name="serviceName"/>, in seq order.</summary>
    protected static Task<IReadOnlyList<SpanRecord>> ReadServiceAsync(ISpanStore store, string serviceName, long afterSeq = 0, int limit = 10_000) =>
        store.ReadAfterAsync(afterSeq, new SpanFilter { ServiceName = serviceName }, limit, CancellationToken.None).WithTimeout();

    /// <summary>Asserts that seqs strictly increase.</summary>
    protected static void AssertStrictlyIncreasing(IEnumerable<long> seqs)
    {
        var previous = long.MinValue;
        foreach (var seq in seqs)
        {
            Assert.True(seq > previous, $"seq {seq} follows {previous}");
            previous = seq;
        }
    }
}
