using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Ingest;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

public sealed class OtlpMetricsTests
{
    [Fact]
    public async Task Export_EachProtocol_CountsReceivedByProtocolAndRejected()
    {
        await using var host = await QylTestHost.StartAsync();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        // Only this host's meter: other tests run hubs in the same process at the same time.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                totals.AddOrUpdate($"{instrument.Name}|{tag.Value}", value, (_, v) => v + value);
            }
        });
        listener.Start();
        using var client = host.CreateOtlpHttpClient();

        using var proto = await client.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.WithBadIds("m")));
        using var json = await client.PostTracesAsync(OtlpTestClient.Body(Encoding.UTF8.GetBytes(OtlpPayloads.Json("m", TestSpans.NewTraceId())), "application/json"));
        await host.ExportGrpcAsync(OtlpPayloads.Valid("m", 4));

        Assert.Equal(5, totals.GetValueOrDefault("qyl.ingest.spans|http/protobuf"));
        Assert.Equal(1, totals.GetValueOrDefault("qyl.ingest.spans|http/json"));
        Assert.Equal(4, totals.GetValueOrDefault("qyl.ingest.spans|grpc"));
        Assert.Equal(3, totals.GetValueOrDefault("qyl.ingest.spans.rejected|invalid_id"));
    }
}
