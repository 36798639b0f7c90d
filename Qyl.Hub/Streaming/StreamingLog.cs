namespace Qyl.Hub.Streaming;

/// <summary>Live path log messages; event ids 2200-2299.</summary>
internal static partial class StreamingLog
{
    [LoggerMessage(2201, LogLevel.Debug, "Connection {ConnectionId} subscribed to {Key} (resume after {ResumeAfterSeq}).")]
    public static partial void Subscribed(ILogger logger, string connectionId, string key, long? resumeAfterSeq);

    [LoggerMessage(2202, LogLevel.Debug, "Connection {ConnectionId} unsubscribed from {Key}.")]
    public static partial void Unsubscribed(ILogger logger, string connectionId, string key);

    [LoggerMessage(2203, LogLevel.Information, "Connection {ConnectionId} fell behind: dropped its oldest {SpanCount} spans to stay within Qyl:Streaming:MaxBacklogSpansPerConnection={MaxBacklog}.")]
    public static partial void FirstOverflow(ILogger logger, string connectionId, int spanCount, int maxBacklog);

    [LoggerMessage(2204, LogLevel.Debug, "Delivery to connection {ConnectionId} stopped.")]
    public static partial void DeliveryStopped(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(2207, LogLevel.Warning, "Delivery to connection {ConnectionId} failed; closed it so the client reconnects and resumes from its last seq.")]
    public static partial void DeliveryFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(2205, LogLevel.Information, "Resume of {Key} on connection {ConnectionId} asked for seq {ResumeAfterSeq}, but the store only holds spans after {RetainedAfterSeq}; sent Dropped.")]
    public static partial void ResumeBeforeRetained(ILogger logger, string key, string connectionId, long resumeAfterSeq, long retainedAfterSeq);

    [LoggerMessage(2206, LogLevel.Debug, "SSE stream {ConnectionId} opened for {Key} (resume after {ResumeAfterSeq}).")]
    public static partial void SseOpened(ILogger logger, string connectionId, string key, long? resumeAfterSeq);
}
