using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Sse;

namespace Qyl.Tests.Operations;

/// <summary>
/// Browsers send the API key as <c>access_token</c> in the query string (WebSocket, EventSource), and
/// ASP.NET Core logs request URLs. With every category at Trace, the key must reach no log line.
/// </summary>
public sealed class ApiKeyLoggingTests
{
    private const string Key = "leak-canary-4f9c1e7a";

    [Fact]
    public async Task Logs_AccessTokenOnEveryTransportAtTrace_KeyInNoLine()
    {
        var logs = new CapturingLoggerProvider();
        var host = await QylTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Qyl:ApiKey"] = Key,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                // Even asked for by name, the categories that quote URLs stay quiet below Warning.
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel.BadRequests"] = "Trace",
            },
            builder => builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        try
        {
            var received = new List<Task>();
            var connections = new List<HubConnection>();
            foreach (var transport in new[] { HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling })
            {
                // The key in the hub URL, as a browser sends it: negotiate, connect and polls all carry it.
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(host.HttpUri, $"{TelemetryHubPaths.Hub}?access_token={Key}"), transport)
                    .Build();
                var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.On<SpanBatch>(TelemetryHubPaths.SpansMethod, _ => first.TrySetResult());
                await connection.StartAsync().WithTimeout();
                await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)null).WithTimeout();
                connections.Add(connection);
                received.Add(first.Task);
            }

            using var http = host.CreateHttpClient();
            using var sse = await http.GetAsync(new Uri($"/api/v1/events/spans?access_token={Key}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WithTimeout();
            Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
            var reader = new SseReader(await sse.Content.ReadAsStreamAsync().WithTimeout());
            var query = await http.GetAsync(new Uri($"/api/v1/services?access_token={Key}", UriKind.Relative)).WithTimeout();
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
            // A refused key is logged by qyl itself: path and reason, never the query.
            var refused = await http.GetAsync(new Uri($"/api/v1/services?access_token={Key}x", UriKind.Relative)).WithTimeout();
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            await SendMalformedRequestLineAsync(host.HttpUri);

            await host.IngestAsync([TestSpans.Create()]);
            await Task.WhenAll(received).WithTimeout();
            await reader.ReadEventAsync(Timeouts.Short);

            foreach (var connection in connections)
            {
                await connection.DisposeAsync().AsTask().WithTimeout();
            }
        }
        finally
        {
            await host.DisposeAsync();
        }

        var lines = logs.Lines;
        // Not vacuous: Debug/Trace lines from the hosting, SignalR and Kestrel categories were written.
        Assert.Contains(lines, l => l.Level <= LogLevel.Debug && l.Category.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Level <= LogLevel.Debug && l.Category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Category == "Qyl.Hub.Security.ApiKeyMiddleware");
        var leaks = lines.Where(l => l.Text.Contains(Key, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "The key appears in: " + string.Join("\n", leaks.Take(5).Select(l => $"[{l.Level} {l.Category}] {l.Text}")));
    }

    /// <summary>Kestrel's bad-request log can quote the request line, which carries the key.</summary>
    private static async Task SendMalformedRequestLineAsync(Uri uri)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port).WithTimeout();
        var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes($"GET /api/v1/services?access_token={Key} HTTP/1.1 trailing-garbage\r\nHost: x\r\n\r\n");
        await stream.WriteAsync(request).AsTask().WithTimeout();
        var buffer = new byte[1024];
        await stream.ReadAsync(buffer).AsTask().WithTimeout();
    }
}
