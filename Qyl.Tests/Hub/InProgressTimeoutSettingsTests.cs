using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

/// <summary><c>Qyl:Streaming:InProgressTimeoutSeconds</c>: validated at startup, served to the dashboard.</summary>
public sealed class InProgressTimeoutSettingsTests
{
    [Fact]
    public async Task GetSettings_Default_InProgressTimeout600()
    {
        await using var host = await QylTestHost.StartAsync();
        using var client = host.CreateHttpClient();

        using var response = await client.GetAsync(new Uri("/api/v1/settings", UriKind.Relative)).WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout());
        Assert.Equal(600, doc.RootElement.GetProperty("inProgressTimeoutSeconds").GetInt32());
    }

    [Fact]
    public async Task GetSettings_Configured_ServesConfiguredTimeout()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Streaming:InProgressTimeoutSeconds"] = "5" });
        using var client = host.CreateHttpClient();

        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/settings", UriKind.Relative)).WithTimeout());

        Assert.Equal(5, doc.RootElement.GetProperty("inProgressTimeoutSeconds").GetInt32());
    }

    [Fact]
    public async Task Start_TimeoutZero_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Streaming:InProgressTimeoutSeconds"] = "0" }));

        Assert.Contains("Qyl:Streaming:InProgressTimeoutSeconds", error.Message, StringComparison.Ordinal);
    }
}
