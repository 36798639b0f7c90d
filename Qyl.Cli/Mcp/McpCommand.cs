using System.CommandLine;
using System.Reflection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Qyl.Mcp;

namespace Qyl.Cli.Mcp;

/// <summary>
/// <c>qyl mcp</c>: qyl's MCP tools over stdio for clients that start servers as processes. The same tools as
/// the hub's <c>/mcp</c> (<see cref="QylTools"/>), answered through the hub's HTTP API. stdout carries only
/// MCP messages; anything for a person goes to stderr.
/// </summary>
internal static class McpCommand
{
    public static readonly Option<string> UrlOption = new("--url") { Description = "The qyl hub's base URL.", DefaultValueFactory = _ => "http://127.0.0.1:5100" };
    public static readonly Option<string?> ApiKeyOption = new("--api-key") { Description = "API key, sent as Authorization: Bearer (default: $QYL_API_KEY)." };

    public static Command Build(TextWriter stderr)
    {
        var command = new Command("mcp", "Serve qyl's MCP tools (list_services, search_spans, wait_for_spans...) over stdio, answered by a qyl hub.");
        command.Options.Add(UrlOption);
        command.Options.Add(ApiKeyOption);
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(UrlOption)!,
            parse.GetValue(ApiKeyOption) ?? NullIfEmpty(Environment.GetEnvironmentVariable("QYL_API_KEY")),
            stderr,
            ct));
        return command;
    }

    public static async Task<int> RunAsync(string urlText, string? apiKey, TextWriter stderr, CancellationToken ct)
    {
        if (!CliUrl.TryParse("--url", urlText, out var url, out var urlError))
        {
            await stderr.WriteLineAsync(urlError);
            return ExitCodes.Usage;
        }
        // Waits last up to a minute; the HttpClient's own timeout must not end them first.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(QylToolDefinitions.MaxWaitSeconds + 30) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation
            {
                Name = "qyl",
                Title = "qyl telemetry hub (stdio)",
                Version = typeof(McpCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            },
            ServerInstructions = QylTools.Instructions,
            ToolCollection = [.. QylTools.Create(new HttpTelemetrySource(http, url))],
        };
        await stderr.WriteLineAsync($"qyl mcp: serving qyl's tools on stdio for the hub at {url}");
        await using var server = McpServer.Create(new StdioServerTransport(options), options);
        try
        {
            // Ends when the client closes stdin, or on Ctrl-C / SIGTERM.
            await server.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return ExitCodes.Ok;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
