using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

public sealed class HubResumeLagTests
{
    [Fact]
    public async Task Subscribe_ResumeWhileStoreReadsLagPublish_ReceivesPublishedButUnreadableSpansOnce()
    {
        LaggingSpanStore? lagging = null;
        await using var host = await QylTestHost.StartAsync(configure: builder =>
        {
            builder.Services.RemoveAll<ISpanStore>();
            builder.Services.AddSingleton<InMemorySpanStore>();
            builder.Services.AddSingleton<ISpanStore>(sp => lagging = new LaggingSpanStore(sp.GetRequiredService<InMemorySpanStore>()));
        });
        await host.IngestAsync([.. Enumerable.Range(0, 10).Select(_ => TestSpans.Create())]);
        var visible = (await host.StoredAsync()).Select(s => s.Seq).ToList();
        lagging!.HideAbove = visible[^1];
        // Published to the live path, not yet readable from the store.
        await host.IngestAsync([.. Enumerable.Range(0, 5).Select(_ => TestSpans.Create())]);

        await using var connection = host.CreateHubConnection();
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        var key = await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)visible[2]).WithTimeout();
        // Still hidden during the whole replay; this one comes live.
        await host.IngestAsync([TestSpans.Create()]);

        var all = await host.Services.GetRequiredService<InMemorySpanStore>().ReadAfterAsync(visible[2], SpanFilter.All, 100, CancellationToken.None).WithTimeout();
        var expected = all.Select(s => s.Seq).ToList();
        Assert.Equal(13, expected.Count);
        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(key) >= expected.Count);
        Assert.Equal(expected, recorder.Seqs(key));
    }
}
