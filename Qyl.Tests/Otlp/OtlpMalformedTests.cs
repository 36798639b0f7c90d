using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;
using RpcStatus = Qyl.Ingest.Otlp.Proto.Rpc.Status;

namespace Qyl.Tests.Otlp;

/// <summary>Malformed protobuf over both transports: 400 / INVALID_ARGUMENT, nothing stored, never a 500.</summary>
public sealed class OtlpMalformedTests
{
    private static readonly Method<byte[], byte[]> s_rawExport = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.trace.v1.TraceService",
        "Export",
        Marshallers.Create(b => b, b => b),
        Marshallers.Create(b => b, b => b));

    /// <summary>A valid span followed by each kind of damage, so a partial decode would store something.</summary>
    private static byte[][] Bodies()
    {
        var valid = Google.Protobuf.MessageExtensions.ToByteArray(OtlpPayloads.Valid("malformed-svc", 1));
        return
        [
            [.. valid, 0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01], // truncated varint
            [.. valid, 0x0e, 0x00], // wire type 6
            [.. valid, 0x0a, 0x05, 0x12, 0x01], // length past the end
            [.. valid, 0x0a, 0x04, 0x12, 0x02, 0x12, 0x00, 0x0b], // unterminated group deep inside
            valid[..^3], // a valid request cut short
        ];
    }

    [Fact]
    public async Task PostTraces_MalformedProtobufVariants_400AndNothingStored()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateOtlpHttpClient();

        foreach (var body in Bodies())
        {
            using var response = await client.PostTracesAsync(OtlpTestClient.Body(body, "application/x-protobuf"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var status = RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().WithTimeout());
            Assert.Contains("not a valid protobuf", status.Message, StringComparison.Ordinal);
        }
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task Export_GrpcMalformedBytes_InvalidArgumentAndNothingStored()
    {
        await using var host = await QylTestHost.StartAsync();
        using var channel = GrpcChannel.ForAddress(host.OtlpGrpcUri);
        var invoker = channel.CreateCallInvoker();

        foreach (var body in Bodies())
        {
            var call = invoker.AsyncUnaryCall(s_rawExport, null, new CallOptions(deadline: DateTime.UtcNow.Add(Timeouts.Short)), body);
            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WithTimeout());

            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            Assert.Contains("not a valid protobuf", ex.Status.Detail, StringComparison.Ordinal);
        }
        await AssertNothingStoredAsync(host);
    }

    private static async Task AssertNothingStoredAsync(QylTestHost host)
    {
        var store = host.Services.GetRequiredService<ISpanStore>();
        Assert.Empty(await store.ReadAfterAsync(0, new SpanFilter(), 10, CancellationToken.None).WithTimeout());
    }
}
