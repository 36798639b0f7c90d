using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Otlp;

/// <summary>The real OpenTelemetry .NET OTLP exporter, over each transport, into a real hub.</summary>
public sealed class OtlpSdkExporterTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task OtlpExporter_ParentAndGenAiChild_StoredWithMappedFields(OtlpExportProtocol protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        using var source = new ActivitySource($"qyl.tests.sdk.{Guid.NewGuid():N}");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("sdk-svc").AddAttributes([new("deployment.environment", "test")]))
            .AddSource(source.Name)
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc ? host.OtlpGrpcUri : new Uri(host.OtlpHttpUri, "/v1/traces");
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();

        string traceId;
        using (var parent = source.StartActivity("invoke_agent planner", ActivityKind.Server)!)
        {
            traceId = parent.TraceId.ToHexString();
            parent.SetTag("session.id", "sess-42");
            using var child = source.StartActivity("chat gpt-4o", ActivityKind.Client)!;
            child.SetTag("gen_ai.operation.name", "chat");
            child.SetTag("gen_ai.provider.name", "openai");
            child.SetTag("gen_ai.request.model", "gpt-4o");
            child.SetTag("gen_ai.usage.input_tokens", 11);
            child.SetTag("gen_ai.usage.output_tokens", 22);
            child.SetTag("tags", new[] { "a", "b" });
            child.AddEvent(new ActivityEvent("gen_ai.choice"));
            child.SetStatus(ActivityStatusCode.Error, "quota exceeded");
        }
        Assert.True(provider.ForceFlush(10_000));

        var spans = await host.WaitForTraceAsync(traceId, 2);

        var parentRecord = Assert.Single(spans, s => s.Name == "invoke_agent planner");
        var childRecord = Assert.Single(spans, s => s.Name == "chat gpt-4o");
        Assert.Null(parentRecord.ParentSpanId);
        Assert.Equal(parentRecord.SpanId, childRecord.ParentSpanId);
        Assert.Equal((SpanKinds.Server, "sess-42"), (parentRecord.Kind, parentRecord.SessionId));
        Assert.Equal(SpanKinds.Client, childRecord.Kind);
        Assert.Equal("sdk-svc", childRecord.ServiceName);
        Assert.Equal("test", childRecord.ResourceAttributes["deployment.environment"]);
        Assert.Equal(source.Name, childRecord.ScopeName);
        Assert.Equal((SpanStatuses.Error, "quota exceeded"), (childRecord.Status, childRecord.StatusMessage));
        // Priced at ingest from the built-in table, whichever OTLP protocol carried it.
        var cost = (double)PricedCalls.Expected("openai", "gpt-4o", 11, 22);
        Assert.Equal(new GenAiInfo { OperationName = "chat", ProviderName = "openai", RequestModel = "gpt-4o", InputTokens = 11, OutputTokens = 22, CostUsd = cost }, childRecord.GenAi);
        Assert.Equal(new object?[] { "a", "b" }, childRecord.Attributes["tags"]);
        Assert.Equal("gen_ai.choice", Assert.Single(childRecord.Events).Name);
        Assert.Equal(32, childRecord.TraceId.Length);
        Assert.True(childRecord.EndTimeUnixNano >= childRecord.StartTimeUnixNano);
    }
}
