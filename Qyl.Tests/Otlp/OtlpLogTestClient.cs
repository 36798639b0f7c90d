using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Ingest.Otlp.Proto.Collector.Logs;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

/// <summary>Raw OTLP logs calls and store look-ups shared by the logs tests.</summary>
internal static class OtlpLogTestClient
{
    private static readonly Method<ExportLogsServiceRequest, ExportLogsServiceResponse> s_export = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.logs.v1.LogsService",
        "Export",
        Marshallers.Create(r => r.ToByteArray(), ExportLogsServiceRequest.Parser.ParseFrom),
        Marshallers.Create(r => r.ToByteArray(), ExportLogsServiceResponse.Parser.ParseFrom));

    public static Task<HttpResponseMessage> PostLogsAsync(this HttpClient client, HttpContent content) =>
        client.PostAsync(new Uri("/v1/logs", UriKind.Relative), content).WithTimeout();

    public static async Task<ExportLogsServiceResponse> ExportLogsGrpcAsync(this QylTestHost host, ExportLogsServiceRequest request)
    {
        using var channel = GrpcChannel.ForAddress(host.OtlpGrpcUri);
        var call = channel.CreateCallInvoker().AsyncUnaryCall(s_export, null, new CallOptions(deadline: DateTime.UtcNow.Add(Timeouts.Short)), request);
        return await call.ResponseAsync.WithTimeout();
    }

    /// <summary>Every stored log record matching <paramref name="filter"/>, in seq order.</summary>
    public static Task<IReadOnlyList<LogRecord>> ReadLogsAsync(this QylTestHost host, SpanFilter filter) =>
        host.Services.GetRequiredService<ILogStore>().ReadLogsAfterAsync(0, filter, null, 1000, CancellationToken.None).WithTimeout();

    /// <summary>Waits until the store holds at least <paramref name="count"/> records matching <paramref name="filter"/>.</summary>
    public static async Task<IReadOnlyList<LogRecord>> WaitForLogsAsync(this QylTestHost host, SpanFilter filter, int count)
    {
        using var cts = new CancellationTokenSource(Timeouts.Short);
        while (true)
        {
            var logs = await host.ReadLogsAsync(filter);
            if (logs.Count >= count)
            {
                return logs;
            }
            await Task.Delay(20, cts.Token);
        }
    }
}
