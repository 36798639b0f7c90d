namespace Qyl.Hub.ScaleOut;

/// <summary>Scale-out (Redis relay) log messages; event ids 2600-2699.</summary>
internal static partial class ScaleOutLog
{
    [LoggerMessage(2601, LogLevel.Information, "Relaying live spans over Redis channel {Channel} as instance {InstanceId}.")]
    public static partial void Relaying(ILogger logger, string channel, Guid instanceId);

    [LoggerMessage(2602, LogLevel.Warning, "Redis connection lost ({ConnectionType}): live spans from other instances now come from the store every Qyl:ScaleOut:CatchUpIntervalMilliseconds until it is back.")]
    public static partial void RedisLost(ILogger logger, string connectionType, Exception? exception);

    [LoggerMessage(2603, LogLevel.Information, "Redis connection restored ({ConnectionType}); relaying live spans again.")]
    public static partial void RedisRestored(ILogger logger, string connectionType);

    [LoggerMessage(2604, LogLevel.Warning, "Could not subscribe to Redis channel {Channel}; retrying.")]
    public static partial void SubscribeFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(2605, LogLevel.Debug, "Could not publish a block of {SpanCount} spans to Redis; other instances read them from the store.")]
    public static partial void PublishFailed(ILogger logger, int spanCount, Exception exception);

    [LoggerMessage(2606, LogLevel.Warning, "Dropped an unreadable relay message of {Bytes} bytes.")]
    public static partial void BadMessage(ILogger logger, int bytes, Exception exception);

    [LoggerMessage(2607, LogLevel.Debug, "Read {SpanCount} spans after seq {AfterSeq} from the store ({Reason}).")]
    public static partial void StoreFilled(ILogger logger, int spanCount, long afterSeq, string reason);

    [LoggerMessage(2608, LogLevel.Warning, "Could not read missing live spans from the store ({Reason}); retrying.")]
    public static partial void StoreFillFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(2609, LogLevel.Information, "Live spans are relayed from seq {Seq} on.")]
    public static partial void Started(ILogger logger, long seq);

    [LoggerMessage(2610, LogLevel.Warning, "Could not read the last seq from the store; retrying.")]
    public static partial void StartFailed(ILogger logger, Exception exception);
}
