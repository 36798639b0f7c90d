using System.Text;
using Qyl.Ingest;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

public sealed class OtlpMetricsTests
{
    [Fact]
    public async Task Export_EachProtocol_CountsReceivedByProtocolAndRejected()
    {
        await using var host = await QylTestHost.StartAsync();
        using var meters = new HostMeterReader(host, IngestMetrics.MeterName);
        using var client = host.CreateOtlpHttpClient();

        using var proto = await client.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.WithBadIds("m")));
        using var json = await client.PostTracesAsync(OtlpTestClient.Body(Encoding.UTF8.GetBytes(OtlpPayloads.Json("m", TestSpans.NewTraceId())), "application/json"));
        await host.ExportGrpcAsync(OtlpPayloads.Valid("m", 4));

        Assert.Equal(5, meters.Read("qyl.ingest.spans", "http/protobuf"));
        Assert.Equal(1, meters.Read("qyl.ingest.spans", "http/json"));
        Assert.Equal(4, meters.Read("qyl.ingest.spans", "grpc"));
        Assert.Equal(3, meters.Read("qyl.ingest.spans.rejected", "invalid_id"));
    }
}
