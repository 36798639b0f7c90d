using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Qyl.Tests.Cli;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Mcp;

/// <summary>The SDK's real MCP client, over the hub's <c>/mcp</c> (streamable HTTP) or over stdio to a real <c>qyl mcp</c> process.</summary>
public static class McpTestClients
{
    /// <summary>The two ways a client reaches qyl's tools; test theories run over both.</summary>
    public const string Http = "http";

    /// <inheritdoc cref="Http"/>
    public const string Stdio = "stdio";

    public static async Task<McpClient> ConnectAsync(QylTestHost host, string transport, string? apiKey = null)
    {
        using var cts = new CancellationTokenSource(Timeouts.Long);
        IClientTransport clientTransport = transport switch
        {
            Http => new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(host.HttpUri, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                Name = "qyl-http",
                AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
            }),
            Stdio => new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "dotnet",
                Arguments = apiKey is null
                    ? [CliProcess.CliDll, "mcp", "--url", host.HttpUri.ToString()]
                    : [CliProcess.CliDll, "mcp", "--url", host.HttpUri.ToString(), "--api-key", apiKey],
                Name = "qyl-stdio",
                EnvironmentVariables = new Dictionary<string, string?> { ["QYL_API_KEY"] = null },
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
        };
        return await McpClient.CreateAsync(clientTransport, cancellationToken: cts.Token);
    }

    /// <summary>Calls a tool (bounded) and returns the result.</summary>
    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, Dictionary<string, object?>? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? Timeouts.Long);
        return await client.CallToolAsync(tool, arguments, cancellationToken: cts.Token);
    }

    /// <summary>Calls a tool that must succeed and parses its JSON text.</summary>
    public static async Task<JsonElement> CallJsonAsync(this McpClient client, string tool, Dictionary<string, object?>? arguments = null, TimeSpan? timeout = null)
    {
        var result = await client.CallAsync(tool, arguments, timeout);
        var text = Text(result);
        Assert.True(result.IsError != true, $"{tool} failed: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The single text block of a result.</summary>
    public static string Text(CallToolResult result) => Assert.Single(result.Content.OfType<TextContentBlock>()).Text;
}
