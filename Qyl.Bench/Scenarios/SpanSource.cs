using System.Net.Http.Json;
using Qyl.Bench.Infrastructure;
using Qyl.Bench.Otlp;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>Sends one batch of spans stamped with their send time; returns how many were accepted.</summary>
public interface ISpanSource : IDisposable
{
    /// <summary>Spans in each batch.</summary>
    int BatchSize { get; }

    /// <summary>Sends batch number <paramref name="batchNumber"/>.</summary>
    Task<int> SendAsync(long batchNumber, CancellationToken cancellationToken);
}

/// <summary>OTLP/HTTP protobuf to the qyl hub.</summary>
public sealed class OtlpSpanSource(Uri otlpHttp, int batchSize, string serviceName) : ISpanSource
{
    private readonly OtlpRequestTemplate _template = OtlpRequestTemplate.Create(batchSize, serviceName, stampSendTime: true);
    private readonly OtlpSender _sender = OtlpSender.Create("http", otlpHttp, otlpHttp);

    /// <inheritdoc />
    public int BatchSize => batchSize;

    /// <inheritdoc />
    public async Task<int> SendAsync(long batchNumber, CancellationToken cancellationToken)
    {
        var outcome = await _sender.SendAsync(_template.Render(batchNumber + 1), cancellationToken);
        return outcome.Status == SendStatus.Accepted ? batchSize - (int)outcome.RejectedSpans : 0;
    }

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();
}

/// <summary>JSON span records to the baseline hub's <c>POST /send</c>.</summary>
public sealed class BaselineSpanSource(Uri baseline, int batchSize, string serviceName) : ISpanSource
{
    private readonly HttpClient _client = new() { BaseAddress = baseline, Timeout = TimeSpan.FromSeconds(30) };
    private readonly long _runId = Random.Shared.NextInt64();

    /// <inheritdoc />
    public int BatchSize => batchSize;

    /// <inheritdoc />
    public async Task<int> SendAsync(long batchNumber, CancellationToken cancellationToken)
    {
        var spans = Enumerable.Range(0, batchSize)
            .Select(i => BenchSpans.Chat((int)(batchNumber * batchSize) + i, serviceName, _runId, stampSendTime: true))
            .ToList();
        using var response = await _client.PostAsJsonAsync(new Uri("/send", UriKind.Relative), new SpanPage(spans, 0), QylJsonContext.Default.SpanPage, cancellationToken);
        return response.IsSuccessStatusCode ? batchSize : 0;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
