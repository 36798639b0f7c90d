using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Ingest.Pricing;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;
using static Qyl.Tests.Otlp.OtlpPayloads;

namespace Qyl.Tests.Pricing;

public sealed class PriceFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qyl-prices-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("""{"models": [{"provider": "openai", "model": "gpt-x", "inputPerMillion": -1, "outputPerMillion": 2, "asOf": "2025-06-01"}]}""", "models[0] (provider \"openai\", model \"gpt-x\"): \"inputPerMillion\" must be a number")]
    [InlineData("""{"models": [{"provider": "openai", "model": "a", "inputPerMillion": 1, "outputPerMillion": 2, "asOf": "2025-06-01"}, {"provider": "openai", "inputPerMillion": 1, "outputPerMillion": 2, "asOf": "2025-06-01"}]}""", "models[1]: \"model\" must be a non-empty string")]
    [InlineData("""{"models": [{"provider": "openai", "model": "a", "inputPerMillion": 1, "outputPerMillion": 2}]}""", "\"asOf\" must be the date")]
    [InlineData("""{"models": [{"provider": "openai", "model": "a", "inputPerMillion": 1, "asOf": "2025-06-01"}]}""", "\"outputPerMillion\" is required")]
    [InlineData("""[1, 2]""", "an object with a \"models\" array")]
    [InlineData("""{"models": [""", "not valid JSON")]
    public async Task Start_BadPriceFile_FailsNamingKeyFileAndEntry(string json, string expected)
    {
        var path = Write(json);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => QylTestHost.StartAsync(Settings(path)));

        Assert.Contains($"Qyl:Pricing:File: the price file '{path}' is not usable: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingPriceFile_FailsNamingKeyAndPath()
    {
        var path = Path.Combine(_directory, "absent.json");

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => QylTestHost.StartAsync(Settings(path)));

        Assert.Contains($"Qyl:Pricing:File: cannot read the price file '{path}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_PriceFileOverridesAndAdds_CallsPricedFromFileThroughOtlp()
    {
        // gpt-4o overridden (a negotiated price), a private model added; claude stays built in.
        var path = Write("""
            {
              "models": [
                {"provider": "openai", "model": "gpt-4o", "inputPerMillion": 1.75, "cachedInputPerMillion": 0.5, "outputPerMillion": 7.125, "asOf": "2026-01-15"},
                {"provider": "acme", "model": "acme-llm-7", "inputPerMillion": 0.333, "outputPerMillion": 1.111, "asOf": "2026-01-15"}
              ]
            }
            """);
        await using var host = await QylTestHost.StartAsync(Settings(path));
        Assert.Equal(PriceFile.BuiltIn().Count + 1, ((PriceTable)host.Services.GetService(typeof(PriceTable))!).Count);
        var session = $"cost-{Guid.NewGuid():N}";
        var traceId = RandomBytes(16);
        var request = Request(
            "priced-svc",
            Call(traceId, session, "openai", "gpt-4o", "gpt-4o-2024-08-06", input: 40_000, output: 1_234, cacheRead: 32_768),
            Call(traceId, session, "acme", "acme-llm-7", null, input: 7_777, output: 999),
            Call(traceId, session, "anthropic", "claude-3-5-sonnet-latest", "claude-3-5-sonnet-20241022", input: 3_000, output: 600),
            Call(traceId, session, "nobody", "no-such-model", null, input: 10, output: 10));
        using var client = host.CreateOtlpHttpClient();

        using var response = await client.PostTracesAsync(OtlpTestClient.Protobuf(request)).WithTimeout();
        response.EnsureSuccessStatusCode();

        var openAi = ((7_232 * 1.75m) + (32_768 * 0.5m) + (1_234 * 7.125m)) / 1_000_000m;
        var acme = ((7_777 * 0.333m) + (999 * 1.111m)) / 1_000_000m;
        var claude = PricedCalls.Expected("anthropic", "claude-3-5-sonnet", 3_000, 600);
        var spans = await host.WaitForTraceAsync(Convert.ToHexStringLower(traceId), 4);
        Assert.Equal([(double)openAi, (double)acme, (double)claude, null], spans.Select(s => s.GenAi?.CostUsd));
        using var http = host.CreateHttpClient();
        var sessions = await http.GetFromJsonAsync($"/api/v1/sessions?serviceName=priced-svc", QylJsonContext.Default.SessionSummaryArray).WithTimeout();
        var summary = Assert.Single(sessions!, s => s.SessionId == session);
        Assert.Equal(((double)(openAi + acme + claude), 1L), (summary.CostUsd, summary.UnpricedSpans));
    }

    private static Dictionary<string, string?> Settings(string path) => new() { ["Qyl:Pricing:File"] = path };

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static Ingest.Otlp.Proto.Trace.Span Call(byte[] traceId, string session, string provider, string requestModel, string? responseModel, long input, long output, long cacheRead = 0)
    {
        var span = Span($"chat {requestModel}", traceId);
        span.Attributes.Add(Attr("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Attr("gen_ai.provider.name", provider));
        span.Attributes.Add(Attr("gen_ai.request.model", requestModel));
        if (responseModel is not null)
        {
            span.Attributes.Add(Attr("gen_ai.response.model", responseModel));
        }
        span.Attributes.Add(Attr("gen_ai.usage.input_tokens", input));
        span.Attributes.Add(Attr("gen_ai.usage.output_tokens", output));
        if (cacheRead > 0)
        {
            span.Attributes.Add(Attr("gen_ai.usage.cache_read.input_tokens", cacheRead));
        }
        span.Attributes.Add(Attr("session.id", session));
        return span;
    }
}
