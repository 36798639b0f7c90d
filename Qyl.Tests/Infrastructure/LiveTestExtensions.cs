using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Pipeline;
using Qyl.Ingest.Storage;

namespace Qyl.Tests.Infrastructure;

/// <summary>Feeding spans straight into the pipeline and reading back what the store sequenced.</summary>
public static class LiveTestExtensions
{
    /// <summary>Enqueues <paramref name="spans"/> as one ingest request and waits until they are stored.</summary>
    public static async Task IngestAsync(this QylTestHost host, params IReadOnlyList<SpanRecord> spans)
    {
        var pipeline = host.Services.GetRequiredService<IngestPipeline>();
        Assert.True(pipeline.TryEnqueue(spans, out var stored), "the ingest queue is full");
        await stored.WithTimeout();
    }

    /// <summary>Stored log records after <paramref name="afterSeq"/> matching <paramref name="filter"/>, in seq order.</summary>
    public static async Task<IReadOnlyList<LogRecord>> StoredLogsAsync(this QylTestHost host, SpanFilter? filter = null, long afterSeq = 0) =>
        await host.Services.GetRequiredService<ILogStore>().ReadLogsAfterAsync(afterSeq, filter ?? SpanFilter.All, null, 1_000_000, CancellationToken.None).WithTimeout();

    /// <summary>Enqueues <paramref name="logs"/> as one ingest request and waits until they are stored.</summary>
    public static async Task IngestLogsAsync(this QylTestHost host, params IReadOnlyList<LogRecord> logs)
    {
        var pipeline = host.Services.GetRequiredService<IngestPipeline>();
        Assert.True(pipeline.TryEnqueueLogs(logs, out var stored), "the ingest queue is full");
        await stored.WithTimeout();
    }

    /// <summary>Stored spans after <paramref name="afterSeq"/> matching <paramref name="filter"/>, in seq order.</summary>
    public static async Task<IReadOnlyList<SpanRecord>> StoredAsync(this QylTestHost host, SpanFilter? filter = null, long afterSeq = 0) =>
        await host.Services.GetRequiredService<ISpanStore>().ReadAfterAsync(afterSeq, filter ?? SpanFilter.All, 1_000_000, CancellationToken.None).WithTimeout();

    /// <summary>Polls <paramref name="condition"/> until it holds or fails the test after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeouts.Short);
        while (!condition())
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail("Timed out waiting" + (because is null ? "." : $" for {because}."));
            }
            await Task.Delay(10, CancellationToken.None);
        }
    }
}

/// <summary>Records what a hub connection receives, in arrival order.</summary>
public sealed class HubRecorder
{
    private readonly ConcurrentQueue<object> _events = new();

    /// <summary>Registers the Spans and Dropped handlers on <paramref name="connection"/>.</summary>
    public HubRecorder(HubConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.On<SpanBatch>(TelemetryHubPaths.SpansMethod, b => _events.Enqueue(b));
        connection.On<DroppedNotice>(TelemetryHubPaths.DroppedMethod, n => _events.Enqueue(n));
        connection.On<LogBatch>(TelemetryHubPaths.LogsMethod, b => _events.Enqueue(b));
    }

    /// <summary>Everything received, in order (SpanBatch, LogBatch or DroppedNotice).</summary>
    public IReadOnlyList<object> Events => [.. _events];

    /// <summary>Seqs received for <paramref name="key"/>, in arrival order.</summary>
    public List<long> Seqs(string key) =>
        [.. Events.OfType<SpanBatch>().Where(b => b.Key == key).SelectMany(b => b.Spans).Select(s => s.Seq)];

    /// <summary>Log record seqs received for <paramref name="key"/>, in arrival order.</summary>
    public List<long> LogSeqs(string key) =>
        [.. Events.OfType<LogBatch>().Where(b => b.Key == key).SelectMany(b => b.Logs).Select(l => l.Seq)];

    /// <summary>Log records received for <paramref name="key"/>.</summary>
    public int LogCount(string key) => Events.OfType<LogBatch>().Where(b => b.Key == key).Sum(b => b.Logs.Count);

    /// <summary>Spans received for <paramref name="key"/>.</summary>
    public int Count(string key) => Events.OfType<SpanBatch>().Where(b => b.Key == key).Sum(b => b.Spans.Count);
}
