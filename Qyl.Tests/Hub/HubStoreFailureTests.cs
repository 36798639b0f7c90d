using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Qyl.Contracts;
using Qyl.Ingest.Live;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

public sealed class HubStoreFailureTests
{
    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Subscribe_ResumeWhileStoreReadsFail_ClosesConnectionAndResumeAfterRecoveryGetsEverything(HttpTransportType transport)
    {
        var store = new ReadFailingSpanStore();
        await using var host = await QylTestHost.StartAsync(configure: b =>
        {
            b.Services.RemoveAll<ISpanStore>();
            b.Services.AddSingleton<InMemorySpanStore>();
            b.Services.AddSingleton<ISpanStore>(sp => store.Wrapping(sp.GetRequiredService<InMemorySpanStore>()));
        });
        await host.IngestAsync([.. Enumerable.Range(0, 12).Select(_ => TestSpans.Create("svc"))]);
        var stored = (await host.StoredAsync()).Select(s => s.Seq).ToList();

        store.FailReads = true;
        await using (var failing = host.CreateHubConnection(transport))
        {
            var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            failing.Closed += error =>
            {
                closed.TrySetResult(error);
                return Task.CompletedTask;
            };
            await failing.StartAsync().WithTimeout();
            await failing.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)0).WithTimeout();

            // The replay cannot read the store: the connection must close (the client then reconnects
            // and resumes) rather than stay open and never be fed again.
            await closed.Task.WithTimeout();
        }

        store.FailReads = false;
        await using var resumed = host.CreateHubConnection(transport);
        var recorder = new HubRecorder(resumed);
        await resumed.StartAsync().WithTimeout();
        await resumed.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)0).WithTimeout();
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) >= stored.Count, because: "the resumed replay");
        Assert.Equal(stored, recorder.Seqs(SpanFilter.AllKey));
    }

    /// <summary>The embedded store, whose replay reads throw <see cref="StoreUnavailableException"/> while <see cref="FailReads"/> is set.</summary>
    private sealed class ReadFailingSpanStore : ISpanStore
    {
        private ISpanStore _inner = null!;

        public volatile bool FailReads;

        public ReadFailingSpanStore Wrapping(ISpanStore inner)
        {
            _inner = inner;
            return this;
        }

        public Task<AppendResult> AppendAsync(IReadOnlyList<SpanRecord> spans, Action<SequencedBlock>? onSequenced, CancellationToken cancellationToken) =>
            _inner.AppendAsync(spans, onSequenced, cancellationToken);

        public Task<IReadOnlyList<SpanRecord>> ReadAfterAsync(long afterSeq, SpanFilter filter, int limit, CancellationToken cancellationToken) =>
            FailReads ? throw new StoreUnavailableException("test store cannot read") : _inner.ReadAfterAsync(afterSeq, filter, limit, cancellationToken);

        public ValueTask<long> GetRetainedAfterSeqAsync(CancellationToken cancellationToken) => _inner.GetRetainedAfterSeqAsync(cancellationToken);

        public Task<TraceDetail?> GetTraceAsync(string traceId, CancellationToken cancellationToken) => _inner.GetTraceAsync(traceId, cancellationToken);

        public Task<IReadOnlyList<ServiceSummary>> GetServicesAsync(CancellationToken cancellationToken) => _inner.GetServicesAsync(cancellationToken);

        public Task<IReadOnlyList<SessionSummary>> GetSessionsAsync(string? serviceName, int limit, CancellationToken cancellationToken) =>
            _inner.GetSessionsAsync(serviceName, limit, cancellationToken);

        public Task<IReadOnlyList<TraceSummary>> GetTracesAsync(string? serviceName, string? sessionId, int limit, CancellationToken cancellationToken) =>
            _inner.GetTracesAsync(serviceName, sessionId, limit, cancellationToken);

        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => _inner.IsReadyAsync(cancellationToken);
    }
}
