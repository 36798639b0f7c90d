using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Mcp;

/// <summary>With <c>Qyl:ApiKey</c> set, <c>/mcp</c> needs the key like the query API; <c>qyl mcp</c> passes it on.</summary>
public sealed class McpAuthTests
{
    private const string Key = "mcp-test-key";

    private const string Initialize = """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}
        """;

    [Fact]
    public async Task Http_NoKeyOrWrongKey_401BeforeAnyMcpHandling()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:ApiKey"] = Key });
        using var http = host.CreateHttpClient();

        foreach (var authorization in new[] { null, "Bearer wrong" })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
            post.Headers.Accept.ParseAdd("application/json");
            post.Headers.Accept.ParseAdd("text/event-stream");
            if (authorization is not null)
            {
                post.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            }
            using var postResponse = await http.SendAsync(post).WithTimeout();
            Assert.Equal(HttpStatusCode.Unauthorized, postResponse.StatusCode);
            Assert.Contains("Qyl:ApiKey", await postResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var get = new HttpRequestMessage(HttpMethod.Get, "/mcp");
            if (authorization is not null)
            {
                get.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            }
            using var getResponse = await http.SendAsync(get).WithTimeout();
            Assert.Equal(HttpStatusCode.Unauthorized, getResponse.StatusCode);
        }

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => McpTestClients.ConnectAsync(host, McpTestClients.Http)).WithTimeout(Timeouts.Long);
    }

    [Theory]
    [InlineData(McpTestClients.Http)]
    [InlineData(McpTestClients.Stdio)]
    public async Task WithKey_ToolsWork(string transport)
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:ApiKey"] = Key });
        await using var client = await McpTestClients.ConnectAsync(host, transport, Key);

        var services = await client.CallJsonAsync("list_services");
        Assert.Equal(0, services.GetProperty("services").GetArrayLength());
        var wait = await client.CallJsonAsync("wait_for_spans", new() { ["timeoutSeconds"] = 0.5 });
        Assert.True(wait.GetProperty("timedOut").GetBoolean());
    }

    [Fact]
    public async Task Stdio_WithoutKey_ToolErrorSaysHowToFixIt()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:ApiKey"] = Key });
        await using var client = await McpTestClients.ConnectAsync(host, McpTestClients.Stdio);

        foreach (var (tool, arguments) in new (string, Dictionary<string, object?>?)[] { ("list_services", null), ("wait_for_spans", new() { ["timeoutSeconds"] = 5 }) })
        {
            var result = await client.CallAsync(tool, arguments);
            Assert.True(result.IsError);
            Assert.Contains("refused the API key (401)", McpTestClients.Text(result), StringComparison.Ordinal);
            Assert.Contains("--api-key", McpTestClients.Text(result), StringComparison.Ordinal);
        }
    }
}
