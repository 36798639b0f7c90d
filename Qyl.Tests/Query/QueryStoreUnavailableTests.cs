using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Ingest.Storage;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Query;

/// <summary>A store outage is a 503 with a problem body and Retry-After, never a 500.</summary>
public sealed class QueryStoreUnavailableTests
{
    [Theory]
    [InlineData("/api/v1/services")]
    [InlineData("/api/v1/sessions")]
    [InlineData("/api/v1/traces")]
    [InlineData("/api/v1/traces/0123456789abcdef0123456789abcdef")]
    [InlineData("/api/v1/spans?afterSeq=5")]
    public async Task Get_StoreUnavailable_Returns503Problem(string path)
    {
        await using var host = await QylTestHost.StartAsync(configure: b => b.Services.AddSingleton<ISpanStore, UnavailableSpanStore>());
        using var http = host.CreateHttpClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WithTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }
}
