using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Qyl.Tests.Otlp;

/// <summary>The real OpenTelemetry .NET OTLP log exporter, unmodified, over each transport, into a real hub.</summary>
public sealed class OtlpSdkLogExporterTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task OtlpLogExporter_LogsInsideAndOutsideASpan_StoredWithMappedFields(OtlpExportProtocol protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        var service = $"sdk-logs-{protocol}";
        var category = $"Qyl.Tests.Agent.{Guid.NewGuid():N}";
        string traceId, spanId;
        using (var factory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service).AddAttributes([new("deployment.environment", "test")]));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter((exporter, processor) =>
            {
                exporter.Protocol = protocol;
                exporter.Endpoint = protocol == OtlpExportProtocol.Grpc ? host.OtlpGrpcUri : new Uri(host.OtlpHttpUri, "/v1/logs");
                processor.ExportProcessorType = ExportProcessorType.Simple;
            });
        })))
        {
            var logger = factory.CreateLogger(category);
            using (var activity = new Activity("agent step").Start())
            {
                logger.LogInformation(new EventId(7, "ToolCalled"), "Tool {ToolName} returned {ResultCount} results", "search", 3);
                (traceId, spanId) = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
            }
            logger.LogError("Model call failed after {Attempts} attempts", 2);
        }

        var logs = await host.WaitForLogsAsync(new SpanFilter { ServiceName = service }, 2);
        foreach (var log in logs)
        {
            output.WriteLine(JsonSerializer.Serialize(log, QylJsonContext.Default.LogRecord));
        }

        var tool = Assert.Single(logs, l => l.SeverityNumber == 9);
        Assert.Equal((traceId, spanId), (tool.TraceId, tool.SpanId));
        Assert.Equal("Tool search returned 3 results", tool.Body);
        Assert.Equal(("search", 3L), (tool.Attributes["ToolName"], tool.Attributes["ResultCount"]));
        Assert.Equal("ToolCalled", tool.EventName);
        Assert.Equal((category, "test"), (tool.ScopeName, tool.ResourceAttributes["deployment.environment"]));
        Assert.True(tool.TimeUnixNano > 0 && tool.ObservedTimeUnixNano > 0);

        var error = Assert.Single(logs, l => l.SeverityNumber == 17);
        Assert.Equal(("Model call failed after 2 attempts", null, null), (error.Body, error.TraceId, error.SpanId));
        Assert.True(error.Seq > tool.Seq);
    }
}
