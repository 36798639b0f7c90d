using Microsoft.Extensions.Logging;

namespace Qyl.Ingest.Pricing;

/// <summary>Pricing log messages; event ids 1400-1499.</summary>
internal static partial class PricingLog
{
    [LoggerMessage(1400, LogLevel.Information, "Model prices: {Entries} entries, {FileEntries} of them from Qyl:Pricing:File {File} ({Replaced} replacing built-in list prices).")]
    public static partial void Loaded(ILogger logger, int entries, int fileEntries, string file, int replaced);
}
