using System.Collections.Concurrent;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Sse;

namespace Qyl.Tests.ScaleOut;

/// <summary>A raw SSE subscriber reading in the background; collects every span event in arrival order.</summary>
public sealed class SseCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<SpanRecord> _spans = new();
    private readonly ConcurrentQueue<LogRecord> _logs = new();
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private SseCollector(HttpClient http, HttpResponseMessage response, Stream stream)
    {
        _http = http;
        _response = response;
        _reading = ReadAsync(new SseReader(stream));
    }

    /// <summary>Spans received, in arrival order.</summary>
    public IReadOnlyList<SpanRecord> Spans => [.. _spans];

    /// <summary>Log records received (<c>event: log</c>), in arrival order.</summary>
    public IReadOnlyList<LogRecord> Logs => [.. _logs];

    /// <summary>Opens <paramref name="pathAndQuery"/> on <paramref name="host"/>; returns once the stream is live (headers received).</summary>
    public static async Task<SseCollector> OpenAsync(QylTestHost host, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(host);
        var http = host.CreateHttpClient();
        http.Timeout = Timeout.InfiniteTimeSpan;
        var response = await http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WithTimeout();
        response.EnsureSuccessStatusCode();
        return new SseCollector(http, response, await response.Content.ReadAsStreamAsync().WithTimeout());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        _http.Dispose();
        try
        {
            await _reading.WaitAsync(Timeouts.Short);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
        }
        _stop.Dispose();
    }

    private async Task ReadAsync(SseReader reader)
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            string block;
            try
            {
                block = await reader.ReadEventAsync(TimeSpan.FromMinutes(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or EndOfStreamException)
            {
                return;
            }
            var data = block.Split('\n').SingleOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal))?[6..];
            if (block.StartsWith("event: log\n", StringComparison.Ordinal))
            {
                var log = JsonSerializer.Deserialize(data!, QylJsonContext.Default.LogRecord)!;
                Assert.Equal(SseReader.IdOf(block), log.Seq);
                _logs.Enqueue(log);
                continue;
            }
            if (!block.StartsWith("event: span\n", StringComparison.Ordinal))
            {
                continue;
            }
            var span = JsonSerializer.Deserialize(data!, QylJsonContext.Default.SpanRecord)!;
            Assert.Equal(SseReader.IdOf(block), span.Seq);
            _spans.Enqueue(span);
        }
    }
}
