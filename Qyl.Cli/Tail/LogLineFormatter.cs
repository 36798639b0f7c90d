using System.Globalization;
using System.Text;
using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Cli.Tail;

/// <summary>
/// One log record as one line, in the span line's layout: local time, service, trace/span ids cut
/// to 8 characters (or <c>-</c>), severity, event name, then the body (objects as compact JSON).
/// </summary>
internal sealed class LogLineFormatter(bool color, TimeZoneInfo timeZone)
{
    private const string Reset = "\u001b[0m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const string Magenta = "\u001b[35m";

    /// <summary>The record as one line of JSON, the text the query API gives for it.</summary>
    public static string ToJson(LogRecord log) => JsonSerializer.Serialize(log, QylJsonContext.Default.LogRecord);

    public string Format(LogRecord log)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(log.TimeUnixNano / 1_000_000);
        var local = TimeZoneInfo.ConvertTime(time, timeZone);
        var sb = new StringBuilder(128);
        Paint(sb, Dim, local.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(' ');
        Paint(sb, Cyan, log.ServiceName).Append(' ');
        Paint(sb, Dim, $"{Short(log.TraceId)}/{Short(log.SpanId)}").Append(' ');
        var severity = Severity(log);
        Paint(sb, log.SeverityNumber >= 17 ? Red : log.SeverityNumber >= 13 ? Yellow : Dim, severity);
        if (log.EventName is { } eventName)
        {
            sb.Append(' ');
            Paint(sb, Magenta, eventName);
        }
        if (log.Body is not null)
        {
            sb.Append(' ').Append(Body(log.Body));
        }
        return sb.ToString();
    }

    /// <summary>The producer's severity text, else the OTLP range name of the number (INFO for 9-12), else LOG.</summary>
    public static string Severity(LogRecord log) => !string.IsNullOrEmpty(log.SeverityText)
        ? log.SeverityText
        : log.SeverityNumber switch
        {
            >= 1 and <= 4 => "TRACE",
            >= 5 and <= 8 => "DEBUG",
            >= 9 and <= 12 => "INFO",
            >= 13 and <= 16 => "WARN",
            >= 17 and <= 20 => "ERROR",
            >= 21 and <= 24 => "FATAL",
            _ => "LOG",
        };

    // A string body is the message itself; a structured one is shown as the JSON the API gives, on one line.
    private static string Body(object body) => body is string text
        ? text.ReplaceLineEndings(" ")
        : JsonSerializer.Serialize(new Dictionary<string, object?> { ["b"] = body }, QylJsonContext.Default.DictionaryStringObject)[5..^1];

    private static string Short(string? id) => id is null ? "-" : id.Length <= 8 ? id : id[..8];

    private StringBuilder Paint(StringBuilder sb, string ansi, string text) =>
        color && ansi.Length > 0 ? sb.Append(ansi).Append(text).Append(Reset) : sb.Append(text);
}
