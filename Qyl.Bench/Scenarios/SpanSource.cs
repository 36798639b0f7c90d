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

/// <summary>OTLP/HTTP protobuf to the qyl hub; <paramref name="workload"/> was built with the send time stamped.</summary>
public sealed class OtlpSpanSource(Uri otlpHttp, BenchWorkload workload) : ISpanSource
{
    private readonly OtlpSender _sender = OtlpSender.Create("http", otlpHttp, otlpHttp);

    /// <inheritdoc />
    public int BatchSize => workload.SpansPerRequest;

    /// <inheritdoc />
    public async Task<int> SendAsync(long batchNumber, CancellationToken cancellationToken)
    {
        SendTimes.Record(batchNumber + 1);
        var outcome = await _sender.SendAsync(workload.For(batchNumber + 1).Render(batchNumber + 1), cancellationToken);
        return outcome.Status == SendStatus.Accepted ? BatchSize - (int)outcome.RejectedSpans : 0;
    }

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();
}

/// <summary>JSON span records to the baseline hub's <c>POST /send</c>: the same spans the qyl hub gets from <paramref name="workload"/>.</summary>
public sealed class BaselineSpanSource(Uri baseline, BenchWorkload workload) : ISpanSource
{
    private readonly HttpClient _client = new() { BaseAddress = baseline, Timeout = TimeSpan.FromSeconds(30) };

    /// <inheritdoc />
    public int BatchSize => workload.SpansPerRequest;

    /// <inheritdoc />
    public async Task<int> SendAsync(long batchNumber, CancellationToken cancellationToken)
    {
        var spans = workload.Records(batchNumber + 1, stampSendTime: true);
        using var response = await _client.PostAsJsonAsync(new Uri("/send", UriKind.Relative), new SpanPage(spans, 0), QylJsonContext.Default.SpanPage, cancellationToken);
        return response.IsSuccessStatusCode ? BatchSize : 0;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
