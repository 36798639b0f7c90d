using System.CommandLine;

namespace Qyl.Cli.Demo;

/// <summary>What <c>qyl demo</c> was asked to do.</summary>
internal sealed record DemoSettings(string OtlpUrl, double Rate, double DurationSeconds, int Sessions, string? ApiKey)
{
    public static readonly Option<string> OtlpUrlOption = new("--otlp-url") { Description = "The OTLP/HTTP base URL of qyl (the exporter posts to <url>/v1/traces).", DefaultValueFactory = _ => "http://127.0.0.1:4318" };
    public static readonly Option<double> RateOption = new("--rate") { Description = "Spans per second, roughly.", DefaultValueFactory = _ => 20 };
    public static readonly Option<double> DurationOption = new("--duration") { Description = "Seconds to run; 0 runs until Ctrl-C.", DefaultValueFactory = _ => 30 };
    public static readonly Option<int> SessionsOption = new("--sessions") { Description = "Concurrent agent sessions; more sessions give each turn more time at a given rate.", DefaultValueFactory = _ => 8 };
    public static readonly Option<string?> ApiKeyOption = new("--api-key") { Description = "API key, sent as the x-api-key header (default: $QYL_API_KEY)." };

    public static IEnumerable<Option> All => [OtlpUrlOption, RateOption, DurationOption, SessionsOption, ApiKeyOption];

    public static DemoSettings From(ParseResult parse)
    {
        var key = parse.GetValue(ApiKeyOption) ?? Environment.GetEnvironmentVariable("QYL_API_KEY");
        return new(
            parse.GetValue(OtlpUrlOption)!,
            parse.GetValue(RateOption),
            parse.GetValue(DurationOption),
            parse.GetValue(SessionsOption),
            string.IsNullOrEmpty(key) ? null : key);
    }

    /// <summary>The reason these settings cannot run, or null.</summary>
    public string? Problem() =>
        Rate is <= 0 or > 100_000 ? $"qyl: --rate must be between 0 and 100000 spans per second; got {Rate}."
        : DurationSeconds < 0 ? $"qyl: --duration must be 0 (until Ctrl-C) or more seconds; got {DurationSeconds}."
        : Sessions is < 1 or > 1000 ? $"qyl: --sessions must be between 1 and 1000; got {Sessions}."
        : null;
}
