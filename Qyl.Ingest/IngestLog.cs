using Microsoft.Extensions.Logging;

namespace Qyl.Ingest;

/// <summary>Ingest pipeline log messages; event ids 1000-1099.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(1001, LogLevel.Error, "The span store failed to write {SpanCount} spans; their requests are answered 503.")]
    public static partial void StoreWriteFailed(ILogger logger, int spanCount, Exception exception);

    [LoggerMessage(1002, LogLevel.Warning, "The embedded store evicted its oldest spans to stay within Qyl:Storage:MaxSpans={MaxSpans}.")]
    public static partial void FirstEviction(ILogger logger, int maxSpans);
}
