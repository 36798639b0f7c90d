using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// The framework's figure for comparison: a minimal SignalR app that sends one message per span to
/// each matching filter group, with no batching, queues or store. Runs as a child process
/// (<c>Qyl.Bench baseline-hub</c>) so its CPU and memory are measured alone, like the qyl hub's.
/// Spans arrive as a JSON array on <c>POST /send</c>; decoding that costs about what OTLP decoding does.
/// </summary>
public static class BaselineHub
{
    /// <summary>The subcommand that runs it.</summary>
    public const string Command = "baseline-hub";

    /// <summary>Client method receiving one <see cref="SpanRecord"/>.</summary>
    public const string SpanMethod = "Span";

    /// <summary>Hub path.</summary>
    public const string Path = "/hubs/baseline";

    /// <summary>Runs until killed; prints <c>Now listening on: URL (baseline)</c>.</summary>
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddSignalR().AddMessagePackProtocol();
        var app = builder.Build();
        app.MapHub<SpanHub>(Path);
        var seq = 0L;
        app.MapPost("/send", async (HttpRequest request, IHubContext<SpanHub> hub) =>
        {
            var page = await JsonSerializer.DeserializeAsync(request.Body, QylJsonContext.Default.SpanPage, request.HttpContext.RequestAborted);
            var keys = new List<string>(16);
            foreach (var received in page?.Spans ?? [])
            {
                // Attribute values read back as the contract's value types (AttributeValues), which MessagePack writes.
                var span = received with { Seq = Interlocked.Increment(ref seq) };
                keys.Clear();
                SpanFilter.AddMatchingKeys(span, keys);
                foreach (var key in keys)
                {
                    await hub.Clients.Group(key).SendAsync(SpanMethod, span);
                }
            }
            return Results.Ok();
        });
        await app.StartAsync();
        foreach (var address in app.Urls)
        {
            Console.WriteLine($"Now listening on: {address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)} (baseline)");
        }
        await app.WaitForShutdownAsync();
    }

    /// <summary>Subscribing joins the group named by the filter's canonical key, as in qyl.</summary>
    internal sealed class SpanHub : Microsoft.AspNetCore.SignalR.Hub
    {
        public async Task<string> Subscribe(SpanFilter filter, long? resumeAfterSeq)
        {
            var key = filter.CanonicalKey;
            await Groups.AddToGroupAsync(Context.ConnectionId, key);
            return key;
        }
    }
}
