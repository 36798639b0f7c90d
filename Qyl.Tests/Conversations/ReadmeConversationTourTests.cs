using System.Net;
using System.Text;
using System.Text.Json;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;

namespace Qyl.Tests.Conversations;

/// <summary>The README's conversation in the tour: its payload, sent as written, gives the messages it shows.</summary>
public sealed class ReadmeConversationTourTests
{
    [Fact]
    public async Task ReadmeConversation_PayloadAsWritten_MessagesApiAnswersAsShown()
    {
        var readme = await File.ReadAllTextAsync(FindReadme());
        var section = readme[readme.IndexOf("### A conversation", StringComparison.Ordinal)..];
        var payloadStart = section.IndexOf("-d '", StringComparison.Ordinal) + 4;
        var payload = section[payloadStart..section.IndexOf("}'\n```", payloadStart, StringComparison.Ordinal)] + "}";
        var shownStart = section.IndexOf("```\n{\"traceId\"", StringComparison.Ordinal) + 4;
        var shown = section[shownStart..section.IndexOf("\n```", shownStart, StringComparison.Ordinal)];

        await using var host = await QylTestHost.StartAsync();
        using var otlp = host.CreateOtlpHttpClient();
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using (var response = await otlp.PostAsync(new Uri("/v1/traces", UriKind.Relative), content).WithTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await host.WaitForTraceAsync("5b8efff798038103d269b633813fc60c", 1);

        using var api = host.CreateHttpClient();
        var body = await api.GetStringAsync(new Uri("/api/v1/traces/5b8efff798038103d269b633813fc60c/messages", UriKind.Relative)).WithTimeout();
        Assert.Equal(Compact(shown), Compact(body));
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Qyl.sln")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("README.md beside Qyl.sln was not found above " + AppContext.BaseDirectory);
    }
}
