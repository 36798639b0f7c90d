using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Qyl.Mcp;

/// <summary>
/// One qyl tool as the SDK serves it. Hand-built rather than generated from a method's parameters, so the
/// schema says exactly what is accepted (ranges, enums, patterns) and every bad argument is answered with a
/// tool error (<c>isError: true</c>) that names it: the model can read and correct that, where a protocol
/// error would only tell its client that the call failed.
/// </summary>
internal sealed class QylMcpTool(
    QylToolDefinition definition,
    Func<ToolArguments, IQylTelemetrySource, CancellationToken, Task<JsonObject>> handler,
    Func<RequestContext<CallToolRequestParams>, IQylTelemetrySource> resolveSource) : McpServerTool
{
    private readonly Tool _tool = new()
    {
        Name = definition.Name,
        Title = definition.Title,
        Description = definition.Description,
        InputSchema = definition.InputSchema,
        Annotations = new ToolAnnotations
        {
            Title = definition.Title,
            ReadOnlyHint = true,
            DestructiveHint = false,
            OpenWorldHint = false,
            // A wait depends on what arrives meanwhile; the queries only on what is stored.
            IdempotentHint = definition.Name != QylToolDefinitions.WaitForSpans,
        },
    };

    public override Tool ProtocolTool => _tool;

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var arguments = new ToolArguments(definition, request.Params?.Arguments);
            var result = await handler(arguments, resolveSource(request), cancellationToken).ConfigureAwait(false);
            return new CallToolResult { Content = [new TextContentBlock { Text = result.ToJsonString() }] };
        }
        catch (ToolArgumentException ex)
        {
            return Error(ex.Message);
        }
        catch (TelemetryUnavailableException ex)
        {
            return Error(ex.Message);
        }
    }

    private static CallToolResult Error(string message) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
