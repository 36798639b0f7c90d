namespace Qyl.Hub.Otlp;

/// <summary>OTLP receiver log messages; event ids 2100-2199.</summary>
internal static partial class OtlpHttpLog
{
    [LoggerMessage(2101, LogLevel.Debug, "OTLP/HTTP request refused with {StatusCode}: {Reason}")]
    public static partial void Refused(ILogger logger, int statusCode, string reason);
}
