using System.Threading.Channels;
using Qyl.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Client;

/// <summary>Runs a subscription in the background and lets a test await what it yields, with timeouts.</summary>
public sealed class SpanCollector : IAsyncDisposable
{
    private readonly Channel<SpanRecord> _spans = Channel.CreateUnbounded<SpanRecord>();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _run;

    public SpanCollector(QylClient client, SpanFilter filter, long? resumeAfterSeq = null)
    {
        _run = Task.Run(async () =>
        {
            try
            {
                await foreach (var span in client.SubscribeAsync(filter, resumeAfterSeq, _cts.Token))
                {
                    _spans.Writer.TryWrite(span);
                }
                _spans.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                _spans.Writer.TryComplete(ex);
            }
        });
    }

    /// <summary>The next <paramref name="count"/> spans, or a timeout failure.</summary>
    public async Task<List<SpanRecord>> TakeAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeouts.Short);
        var result = new List<SpanRecord>(count);
        while (result.Count < count)
        {
            result.Add(await _spans.Reader.ReadAsync(cts.Token));
        }
        return result;
    }

    /// <summary>Asserts nothing more arrives within <paramref name="quiet"/>.</summary>
    public async Task AssertNothingMoreAsync(TimeSpan quiet)
    {
        await Task.Delay(quiet);
        Assert.False(_spans.Reader.TryRead(out var extra), $"unexpected span seq {extra?.Seq}");
    }

    /// <summary>The failure that ended the subscription, if it ended.</summary>
    public Task Completion => _spans.Reader.Completion;

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        await _run.WaitAsync(Timeouts.Short);
        _cts.Dispose();
    }
}
