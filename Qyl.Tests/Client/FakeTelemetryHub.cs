using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qyl.Contracts;

namespace Qyl.Tests.Client;

/// <summary>
/// A hand-written hub that speaks the contract over real Kestrel and real SignalR, but lets a
/// test decide exactly what is sent: duplicates, Dropped notices, pages of the query API. It pins
/// the client's behaviour independently of the real hub's implementation.
/// </summary>
public sealed class FakeHubHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHubHost(WebApplication app, FakeHubState state)
    {
        _app = app;
        State = state;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Url = new Uri(addresses.Addresses.First());
    }

    public Uri Url { get; }

    public FakeHubState State { get; }

    public IHubContext<FakeTelemetryHub, ITelemetryClient> Hub => _app.Services.GetRequiredService<IHubContext<FakeTelemetryHub, ITelemetryClient>>();

    public static async Task<FakeHubHost> StartAsync(int port = 0, string? apiKey = null, FakeHubState? state = null)
    {
        state ??= new FakeHubState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(state);
        builder.Services.AddSignalR().AddMessagePackProtocol();
        var app = builder.Build();
        if (apiKey is not null)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Headers.Authorization != $"Bearer {apiKey}")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                await next(context);
            });
        }
        app.MapHub<FakeTelemetryHub>(TelemetryHubPaths.Hub);
        app.MapGet("/api/v1/spans", (long afterSeq, int limit, string? serviceName, FakeHubState s) =>
        {
            var spans = s.Stored
                .Where(x => x.Seq > afterSeq && (serviceName is null || x.ServiceName == serviceName))
                .OrderBy(x => x.Seq).Take(limit).ToList();
            s.PageRequests.Writer.TryWrite(afterSeq);
            return Results.Json(new SpanPage(spans, spans.Count == 0 ? afterSeq : spans[^1].Seq), QylJsonContext.Default.SpanPage);
        });
        app.MapGet("/api/v1/logs", (long afterSeq, int limit, string? serviceName, FakeHubState s) =>
        {
            var logs = s.StoredLogs
                .Where(x => x.Seq > afterSeq && (serviceName is null || x.ServiceName == serviceName))
                .OrderBy(x => x.Seq).Take(limit).ToList();
            s.PageRequests.Writer.TryWrite(afterSeq);
            return Results.Json(new LogPage(logs, logs.Count == 0 ? afterSeq : logs[^1].Seq), QylJsonContext.Default.LogPage);
        });
        // An OTLP/HTTP sink: records what an exporter posts and acknowledges it with an empty response.
        app.MapPost("/v1/traces", async (HttpRequest request, FakeHubState s) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            s.OtlpExports.Writer.TryWrite((request.ContentType ?? "", body.Length));
            return Results.Bytes([], "application/x-protobuf");
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(cts.Token);
        return new FakeHubHost(app, state);
    }

    public Task SendAsync(string key, params SpanRecord[] spans) =>
        Hub.Clients.Group(key).Spans(new SpanBatch { Key = key, Spans = spans });

    /// <summary>Sends a Logs batch to the log subscription of <paramref name="filterKey"/> (its key is <c>logs:</c> + the filter key).</summary>
    public Task SendLogsAsync(string filterKey, params LogRecord[] logs) =>
        Hub.Clients.Group(TelemetryHubPaths.LogsKeyPrefix + filterKey).Logs(new LogBatch { Key = TelemetryHubPaths.LogsKeyPrefix + filterKey, Logs = logs });

    public Task SendDroppedAsync(DroppedNotice notice) => Hub.Clients.Group(notice.Key).Dropped(notice);

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>What the fake hub saw; shared across restarts when passed to the next host.</summary>
public sealed class FakeHubState
{
    public Channel<(string Key, long? ResumeAfterSeq)> Subscribes { get; } = Channel.CreateUnbounded<(string, long?)>();

    public Channel<long> PageRequests { get; } = Channel.CreateUnbounded<long>();

    public List<SpanRecord> Stored { get; } = [];

    public List<LogRecord> StoredLogs { get; } = [];

    public Channel<(string ContentType, long Bytes)> OtlpExports { get; } = Channel.CreateUnbounded<(string, long)>();
}

/// <summary>The fake's hub: joins the canonical-key group and records the call.</summary>
public sealed class FakeTelemetryHub(FakeHubState state) : Hub<ITelemetryClient>
{
    public async Task<string> Subscribe(SpanFilter filter, long? resumeAfterSeq)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var key = filter.CanonicalKey;
        await Groups.AddToGroupAsync(Context.ConnectionId, key);
        state.Subscribes.Writer.TryWrite((key, resumeAfterSeq));
        return key;
    }

    public async Task<string> SubscribeLogs(SpanFilter filter, long? resumeAfterSeq)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var key = TelemetryHubPaths.LogsKey(filter);
        await Groups.AddToGroupAsync(Context.ConnectionId, key);
        state.Subscribes.Writer.TryWrite((key, resumeAfterSeq));
        return key;
    }

    public Task Unsubscribe(string key) => Groups.RemoveFromGroupAsync(Context.ConnectionId, key);
}
