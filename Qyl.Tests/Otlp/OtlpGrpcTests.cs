using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

public sealed class OtlpGrpcTests
{
    [Fact]
    public async Task Export_Grpc_StoresSpans()
    {
        await using var host = await QylTestHost.StartAsync();
        var request = OtlpPayloads.Valid("grpc-svc", 2);
        var traceId = Convert.ToHexStringLower(request.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId.Span);

        var response = await host.ExportGrpcAsync(request);

        Assert.Null(response.PartialSuccess);
        Assert.Equal("grpc-svc", Assert.Single(await host.WaitForTraceAsync(traceId, 1)).ServiceName);
    }

    [Fact]
    public async Task Export_GrpcBadIds_PartialSuccessWithExactCount()
    {
        await using var host = await QylTestHost.StartAsync();

        var response = await host.ExportGrpcAsync(OtlpPayloads.WithBadIds("grpc-svc"));

        Assert.Equal(3, response.PartialSuccess.RejectedSpans);
        Assert.StartsWith("3 span(s) rejected; first: span 'bad-trace'", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
    }
}
