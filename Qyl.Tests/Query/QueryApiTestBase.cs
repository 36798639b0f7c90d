using System.Net;
using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Query;

/// <summary>A real hub per test class, fed through the ingest pipeline and read over real HTTP.</summary>
public abstract class QueryApiTestBase : IAsyncLifetime
{
    private QylTestHost _host = null!;
    private HttpClient _http = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _host = await QylTestHost.StartAsync();
        _http = _host.CreateHttpClient();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>The HTTP client on the hub's main listener.</summary>
    protected HttpClient Http => _http;

    /// <summary>Stores <paramref name="spans"/> as one ingest request.</summary>
    protected Task IngestAsync(params SpanRecord[] spans) => _host.IngestAsync(spans);

    /// <summary>Stores <paramref name="logs"/> as one ingest request.</summary>
    protected async Task IngestLogsAsync(params LogRecord[] logs)
    {
        var pipeline = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Qyl.Ingest.Pipeline.IngestPipeline>(_host.Services);
        Assert.True(pipeline.TryEnqueueLogs(logs, out var stored), "the ingest queue is full");
        await stored.WithTimeout();
    }

    /// <summary>GETs <paramref name="path"/>, asserts the status and parses the body.</summary>
    protected async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();
        var body = await response.Content.ReadAsStringAsync().WithTimeout();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
