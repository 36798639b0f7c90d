using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Bench.Infrastructure;
using Qyl.Bench.Otlp;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// One hub client: subscribes with a filter and checks what arrives, by seq (duplicates) and by the
/// send time each span carries (end-to-end latency on the machine's monotonic clock). Handles both
/// qyl's batched <c>Spans</c> and the baseline hub's one-message-per-span <c>Span</c>.
/// </summary>
public sealed class Subscriber : IBenchSubscriber
{
    private readonly HubConnection _connection;
    private readonly DeliveryTally _tally = new();

    private Subscriber(HubConnection connection) => _connection = connection;

    /// <inheritdoc />
    public LatencyRecorder Latency => _tally.Latency;

    /// <inheritdoc />
    public long Received => _tally.Received;

    /// <inheritdoc />
    public long Unique => _tally.Unique;

    /// <inheritdoc />
    public long Duplicates => _tally.Duplicates;

    /// <inheritdoc />
    public long BytesReceived => 0; // HubConnection does not expose them.

    /// <inheritdoc />
    public long MessagesReceived => 0;

    /// <inheritdoc />
    public long Dropped => _tally.Dropped;

    /// <summary>Connects to <paramref name="hubUrl"/> and subscribes with <paramref name="filter"/>.</summary>
    public static async Task<Subscriber> ConnectAsync(
        Uri hubUrl, HttpTransportType transport, string protocol, SpanFilter filter, CancellationToken cancellationToken)
    {
        var builder = new HubConnectionBuilder().WithUrl(hubUrl, transport);
        if (protocol == "messagepack")
        {
            builder.AddMessagePackProtocol();
        }
        else if (protocol == "json")
        {
            builder.AddJsonProtocol();
        }
        else
        {
            throw new ArgumentException($"--hub-protocol must be messagepack or json; it is '{protocol}'.");
        }
        var connection = builder.Build();
        // Idle-connection runs must not be torn down by a missed keep-alive on a loaded box.
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        var subscriber = new Subscriber(connection);
        connection.On<SpanBatch>(TelemetryHubPaths.SpansMethod, batch => subscriber.OnSpans(batch.Spans));
        connection.On<SpanRecord>(BaselineHub.SpanMethod, span => subscriber.OnSpans([span]));
        connection.On<DroppedNotice>(TelemetryHubPaths.DroppedMethod, notice => subscriber._tally.AddDropped(notice.Count));
        try
        {
            await connection.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), filter, (long?)null, cancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await connection.DisposeAsync();
            throw new DependencyMissingException($"{hubUrl} answered 404: the SignalR hub (branch hub) is not in this build.");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return subscriber;
    }

    /// <summary>Latency is recorded for spans sent from now on (warm-up excluded).</summary>
    public void StartMeasuring(long fromTimestamp) => _tally.StartMeasuring(fromTimestamp);

    /// <inheritdoc />
    public ValueTask PingAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask; // HubConnection pings by itself.

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _connection.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping is best effort on a loaded box; dispose below closes the transport regardless.
        }
        await _connection.DisposeAsync();
    }

    private void OnSpans(IReadOnlyList<SpanRecord> spans)
    {
        var now = Stopwatch.GetTimestamp();
        var measureFrom = _tally.MeasureFrom;
        _tally.AddReceived(spans.Count);
        foreach (var span in spans)
        {
            // A summary-view span has no attributes: its request's send time, found by trace id.
            var sent = span.Attributes.TryGetValue(OtlpRequestTemplate.SentTimestampAttribute, out var value) && ToDouble(value) is { } d
                ? d
                : SendTimes.Of(span.TraceId);
            _tally.Record(span.Seq, sent, now, measureFrom);
        }
    }

    // Received attribute values are the contract's value types on either protocol (AttributeValues).
    private static double? ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        _ => null,
    };
}
