using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Qyl.Contracts;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

/// <summary>Raw OTLP/HTTP and OTLP/gRPC calls and store look-ups shared by the OTLP tests.</summary>
internal static class OtlpTestClient
{
    private static readonly Method<ExportTraceServiceRequest, ExportTraceServiceResponse> s_export = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.trace.v1.TraceService",
        "Export",
        Marshallers.Create(r => r.ToByteArray(), ExportTraceServiceRequest.Parser.ParseFrom),
        Marshallers.Create(r => r.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    public static HttpClient CreateOtlpHttpClient(this QylTestHost host) =>
        new() { BaseAddress = host.OtlpHttpUri, Timeout = TimeSpan.FromSeconds(30) };

    public static HttpContent Protobuf(IMessage message) => Body(message.ToByteArray(), "application/x-protobuf");

    public static HttpContent Body(byte[] bytes, string contentType, string? contentEncoding = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }
        return content;
    }

    public static Task<HttpResponseMessage> PostTracesAsync(this HttpClient client, HttpContent content) =>
        client.PostAsync(new Uri("/v1/traces", UriKind.Relative), content).WithTimeout();

    public static async Task<ExportTraceServiceResponse> ExportGrpcAsync(this QylTestHost host, ExportTraceServiceRequest request)
    {
        using var channel = GrpcChannel.ForAddress(host.OtlpGrpcUri);
        var call = channel.CreateCallInvoker().AsyncUnaryCall(s_export, null, new CallOptions(deadline: DateTime.UtcNow.Add(Timeouts.Short)), request);
        return await call.ResponseAsync.WithTimeout();
    }

    /// <summary>Starts a host whose span store is <paramref name="store"/> (replacing the embedded one).</summary>
    public static Task<QylTestHost> StartWithStoreAsync(ISpanStore store, Dictionary<string, string?>? settings = null) =>
        QylTestHost.StartAsync(settings, b =>
        {
            // AddQylStorage runs before configure and uses TryAdd, so the fake must replace it.
            b.Services.RemoveAll<ISpanStore>();
            b.Services.AddSingleton(store);
        });

    /// <summary>Waits until the store holds <paramref name="count"/> spans of <paramref name="traceId"/>.</summary>
    public static async Task<IReadOnlyList<SpanRecord>> WaitForTraceAsync(this QylTestHost host, string traceId, int count)
    {
        var store = host.Services.GetRequiredService<ISpanStore>();
        using var cts = new CancellationTokenSource(Timeouts.Short);
        while (true)
        {
            var spans = await store.ReadAfterAsync(0, new SpanFilter { TraceId = traceId }, 1000, cts.Token).WithTimeout();
            if (spans.Count >= count)
            {
                return spans;
            }
            await Task.Delay(20, cts.Token);
        }
    }
}
