using System.Globalization;
using System.Text;
using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Cli.Tail;

/// <summary>
/// One span as one line: local start time, service, trace/span ids cut to 8 characters, name,
/// duration and status (or "started" for an in-progress record), and for GenAI spans the model
/// and input/output tokens. ANSI colour only
/// when asked (stdout is a terminal and NO_COLOR is unset).
/// </summary>
internal sealed class SpanLineFormatter(bool color, TimeZoneInfo timeZone)
{
    private const string Reset = "\u001b[0m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const string Magenta = "\u001b[35m";

    /// <summary>Colour when stdout is a terminal and NO_COLOR (https://no-color.org) is unset or empty.</summary>
    public static bool ShouldColor() =>
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>
    /// The span as one line of JSON, the text the query API gives for it: attribute values received
    /// over either hub protocol are already the contract's value types (<see cref="AttributeValues"/>),
    /// so the source-generated context writes every record.
    /// </summary>
    public static string ToJson(SpanRecord span) => JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord);

    public string Format(SpanRecord span)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(span.StartTimeUnixNano / 1_000_000);
        var local = TimeZoneInfo.ConvertTime(start, timeZone);
        var sb = new StringBuilder(128);
        Paint(sb, Dim, local.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(' ');
        Paint(sb, Cyan, span.ServiceName).Append(' ');
        Paint(sb, Dim, $"{Short(span.TraceId)}/{Short(span.SpanId)}").Append(' ');
        sb.Append(span.Name).Append(' ');
        if (span.InProgress || span.DurationMs is not { } durationMs)
        {
            // The start line of a span still running; its finished record prints the usual line
            // (duration and status) later, so a long call shows up when it starts, not only when it ends.
            Paint(sb, Yellow, "started");
        }
        else
        {
            Paint(sb, durationMs >= 1000 ? Yellow : "", Duration(durationMs)).Append(' ');
            Paint(sb, StatusColor(span.Status), span.Status);
        }
        if (span.Status == SpanStatuses.Error && !string.IsNullOrEmpty(span.StatusMessage))
        {
            sb.Append(' ');
            Paint(sb, Red, $"\"{span.StatusMessage}\"");
        }
        if (span.GenAi is { } genAi)
        {
            var model = genAi.ResponseModel ?? genAi.RequestModel;
            if (model is not null)
            {
                sb.Append(' ');
                Paint(sb, Magenta, model);
            }
            if (genAi.InputTokens is not null || genAi.OutputTokens is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $" in={genAi.InputTokens?.ToString(CultureInfo.InvariantCulture) ?? "-"} out={genAi.OutputTokens?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
            }
        }
        return sb.ToString();
    }

    /// <summary>12.3ms below a second, 1.23s above.</summary>
    public static string Duration(double ms) => ms < 1000
        ? ms.ToString("0.0", CultureInfo.InvariantCulture) + "ms"
        : (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + "s";

    private static string Short(string id) => id.Length <= 8 ? id : id[..8];

    private static string StatusColor(string status) => status switch
    {
        SpanStatuses.Error => Red,
        SpanStatuses.Ok => Green,
        _ => Dim,
    };

    private StringBuilder Paint(StringBuilder sb, string ansi, string text) =>
        color && ansi.Length > 0 ? sb.Append(ansi).Append(text).Append(Reset) : sb.Append(text);
}
