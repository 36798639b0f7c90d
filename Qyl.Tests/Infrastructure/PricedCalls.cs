using Qyl.Contracts;
using Qyl.Ingest.Pricing;

namespace Qyl.Tests.Infrastructure;

/// <summary>
/// Model-call spans priced the way ingest prices them, and their expected cost computed here from the
/// table entry itself (decimal, USD per million tokens), so a wrong match or formula shows as a
/// different number rather than the same code agreeing with itself.
/// </summary>
public static class PricedCalls
{
    private static readonly IReadOnlyList<ModelPrice> s_builtIn = PriceFile.BuiltIn();

    /// <summary>A chat span of <paramref name="provider"/>/<paramref name="responseModel"/>, priced by <see cref="SpanPricer"/> over the built-in table.</summary>
    public static SpanRecord Chat(
        string serviceName, string? sessionId, string traceId, string provider, string responseModel,
        long input, long output, long cacheRead = 0, string? requestModel = null, long? startTimeUnixNano = null)
    {
        var span = TestSpans.Create(serviceName, sessionId, traceId, startTimeUnixNano: startTimeUnixNano) with
        {
            Name = $"chat {requestModel ?? responseModel}",
            GenAi = new GenAiInfo
            {
                OperationName = "chat",
                ProviderName = provider,
                RequestModel = requestModel ?? responseModel,
                ResponseModel = responseModel,
                InputTokens = input,
                OutputTokens = output,
            },
            Attributes = cacheRead > 0 ? new() { [SpanPricer.CacheReadInputTokens] = cacheRead } : [],
        };
        new SpanPricer(PriceTable.BuiltIn).Price([span]);
        return span;
    }

    /// <summary>The built-in entry for exactly <paramref name="provider"/> and <paramref name="model"/>.</summary>
    public static ModelPrice Entry(string provider, string model) =>
        s_builtIn.Single(e => e.Provider == provider && e.Model == model);

    /// <summary>The list-price cost of a call, computed from the entry: cached input at the cached price, the rest of the input at the input price.</summary>
    public static decimal Expected(string provider, string model, long input, long output, long cacheRead = 0)
    {
        var entry = Entry(provider, model);
        return (((input - cacheRead) * entry.InputPerMillion)
            + (cacheRead * (entry.CachedInputPerMillion ?? entry.InputPerMillion))
            + (output * entry.OutputPerMillion)) / 1_000_000m;
    }
}
