using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Qyl.Ingest.Otlp.Proto.Rpc;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

public sealed class OtlpBackpressureTests
{
    private static readonly Dictionary<string, string?> s_smallQueue = new()
    {
        ["Qyl:Ingest:MaxQueuedSpans"] = "2",
        ["Qyl:Ingest:RetryAfterSeconds"] = "7",
    };

    [Fact]
    public async Task PostTraces_QueueFull_429WithRetryAfterThenFirstRequestCompletes()
    {
        var store = new GatedSpanStore();
        await using var host = await OtlpTestClient.StartWithStoreAsync(store, s_smallQueue);
        using var client = host.CreateOtlpHttpClient();

        var first = client.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.Valid("svc", 2)));
        await store.Entered.WithTimeout();
        using var refused = await client.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.Valid("svc", 1)));
        store.Open();
        using var accepted = await first;

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task PostTraces_StoreUnavailable_503WithRetryAfter()
    {
        await using var host = await OtlpTestClient.StartWithStoreAsync(new GatedSpanStore { Fail = true }, s_smallQueue);
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.Valid("svc", 1)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Export_GrpcQueueFull_ResourceExhaustedWithRetryInfo()
    {
        var store = new GatedSpanStore();
        await using var host = await OtlpTestClient.StartWithStoreAsync(store, s_smallQueue);

        var first = host.ExportGrpcAsync(OtlpPayloads.Valid("svc", 2));
        await store.Entered.WithTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.ExportGrpcAsync(OtlpPayloads.Valid("svc", 1))).WithTimeout();
        store.Open();
        await first;

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        var details = Qyl.Ingest.Otlp.Proto.Rpc.Status.Parser.ParseFrom(ex.Trailers.GetValueBytes("grpc-status-details-bin"));
        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(details.Details).Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    [Fact]
    public async Task Export_GrpcStoreUnavailable_Unavailable()
    {
        await using var host = await OtlpTestClient.StartWithStoreAsync(new GatedSpanStore { Fail = true }, s_smallQueue);

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.ExportGrpcAsync(OtlpPayloads.Valid("svc", 1))).WithTimeout();

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
