using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Qyl.OpenTelemetry;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

/// <summary>
/// <c>AddQylInProgressSpans()</c> on a real OpenTelemetry .NET tracer provider with the real OTLP
/// exporter, into a real hub: a long span is in progress in qyl before it ends, then finished.
/// </summary>
public sealed class QylInProgressSpansTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task AddQylInProgressSpans_LongSpan_InProgressBeforeEndThenFinished(OtlpExportProtocol protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        using var source = new ActivitySource($"qyl.tests.inprogress.{Guid.NewGuid():N}");
        void Configure(OtlpExporterOptions o)
        {
            o.Protocol = protocol;
            o.Endpoint = protocol == OtlpExportProtocol.Grpc ? host.OtlpGrpcUri : new Uri(host.OtlpHttpUri, "/v1/traces");
        }
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("inprogress-svc"))
            .AddSource(source.Name)
            .AddQylInProgressSpans(Configure)
            .AddOtlpExporter(o =>
            {
                Configure(o);
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();

        using var parent = source.StartActivity("invoke_agent planner", ActivityKind.Server)!;
        var traceId = parent.TraceId.ToHexString();
        // The marker carries the attributes the span has when it starts (as Logfire's does).
        var chat = source.StartActivity(ActivityKind.Client, tags: [new("gen_ai.operation.name", "chat"), new("gen_ai.request.model", "gpt-4o")], name: "chat gpt-4o")!;
        chat.SetTag("gen_ai.usage.output_tokens", 7);
        Assert.Same(chat, Activity.Current);

        // Both spans still running: their start markers arrive as in-progress records.
        var running = await host.WaitForTraceAsync(traceId, 2);
        Assert.Same(chat, Activity.Current);
        Assert.All(running, s => Assert.True(s.InProgress));
        var runningChat = Assert.Single(running, s => s.SpanId == chat.SpanId.ToHexString());
        Assert.Equal((parent.SpanId.ToHexString(), "chat gpt-4o", "inprogress-svc", "chat"), (runningChat.ParentSpanId, runningChat.Name, runningChat.ServiceName, runningChat.GenAi?.OperationName));
        Assert.Null(runningChat.EndTimeUnixNano);
        Assert.Null(Assert.Single(running, s => s.SpanId == parent.SpanId.ToHexString()).ParentSpanId);

        chat.Dispose();
        var all = await host.WaitForTraceAsync(traceId, 3);
        var finished = Assert.Single(all, s => s.SpanId == chat.SpanId.ToHexString() && !s.InProgress);
        Assert.True(finished.Seq > runningChat.Seq);
        Assert.NotNull(finished.DurationMs);
        Assert.Equal(7, finished.GenAi?.OutputTokens);
        Assert.Equal(Qyl.Contracts.SpanKinds.Client, finished.Kind);
    }
}
