using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Mcp;

/// <summary>
/// A small agent instrumented with the real OpenTelemetry SDK, exporting over OTLP/HTTP to the hub with the
/// simple processor: a span is exported when it ends, so the caller knows when it left the process. Its log
/// records (Microsoft.Extensions.Logging through the SDK's OTLP log exporter) carry the active span.
/// </summary>
public sealed class AgentRun : IDisposable
{
    private readonly ActivitySource _source = new($"qyl.tests.mcp.{Guid.NewGuid():N}");
    private readonly TracerProvider _provider;
    private readonly ILoggerFactory _logs;
    private readonly ILogger _logger;

    public AgentRun(QylTestHost host, string serviceName)
    {
        ServiceName = serviceName;
        _provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(serviceName))
            .AddSource(_source.Name)
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri(host.OtlpHttpUri, "/v1/traces");
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();
        _logs = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(serviceName));
            o.AddOtlpExporter((exporter, processor) =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = new Uri(host.OtlpHttpUri, "/v1/logs");
                processor.ExportProcessorType = ExportProcessorType.Simple;
            });
        }));
        _logger = _logs.CreateLogger("agent");
    }

    public string ServiceName { get; }

    /// <summary>One agent turn: invoke_agent → chat (GenAI, tokens, a long prompt) and execute_tool; returns the trace id.</summary>
    public string Turn(string sessionId, string longPrompt)
    {
        string traceId;
        using (var agent = _source.StartActivity("invoke_agent planner", ActivityKind.Internal)!)
        {
            traceId = agent.TraceId.ToHexString();
            agent.SetTag("session.id", sessionId);
            agent.SetTag("gen_ai.operation.name", "invoke_agent");
            agent.SetTag("gen_ai.agent.name", "planner");
            using (var chat = _source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
            {
                chat.SetTag("session.id", sessionId);
                chat.SetTag("gen_ai.operation.name", "chat");
                chat.SetTag("gen_ai.provider.name", "openai");
                chat.SetTag("gen_ai.request.model", "gpt-4o");
                chat.SetTag("gen_ai.response.model", "gpt-4o-2024-08-06");
                chat.SetTag("gen_ai.usage.input_tokens", 120);
                chat.SetTag("gen_ai.usage.output_tokens", 45);
                chat.SetTag("gen_ai.input.messages", longPrompt);
                _logger.LogWarning("Model {Model} answered slowly", "gpt-4o");
            }
            using (var tool = _source.StartActivity("execute_tool search", ActivityKind.Internal)!)
            {
                tool.SetTag("session.id", sessionId);
                tool.SetTag("gen_ai.operation.name", "execute_tool");
                tool.SetTag("gen_ai.tool.name", "search");
                tool.SetStatus(ActivityStatusCode.Error, "search backend timed out");
            }
        }
        return traceId;
    }

    /// <summary>One agent turn whose only children are model calls (chat spans with tokens), in order; returns the trace id.</summary>
    public string ModelCalls(string sessionId, params (string Provider, string Model, long Input, long Output)[] calls)
    {
        using var agent = _source.StartActivity("invoke_agent planner", ActivityKind.Internal)!;
        agent.SetTag("session.id", sessionId);
        agent.SetTag("gen_ai.operation.name", "invoke_agent");
        agent.SetTag("gen_ai.agent.name", "planner");
        foreach (var (provider, model, input, output) in calls)
        {
            using var chat = _source.StartActivity($"chat {model}", ActivityKind.Client)!;
            chat.SetTag("session.id", sessionId);
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.provider.name", provider);
            chat.SetTag("gen_ai.request.model", model);
            chat.SetTag("gen_ai.response.model", model);
            chat.SetTag("gen_ai.usage.input_tokens", input);
            chat.SetTag("gen_ai.usage.output_tokens", output);
        }
        return agent.TraceId.ToHexString();
    }

    /// <summary>Ends one span named <paramref name="name"/> (exported as it ends); returns its trace id.</summary>
    public string Span(string name, string? sessionId = null)
    {
        using var span = _source.StartActivity(name, ActivityKind.Internal)!;
        if (sessionId is not null)
        {
            span.SetTag("session.id", sessionId);
        }
        return span.TraceId.ToHexString();
    }

    public void Dispose()
    {
        _logs.Dispose();
        _provider.Dispose();
        _source.Dispose();
    }
}
