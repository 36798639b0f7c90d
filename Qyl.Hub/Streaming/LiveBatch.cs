using Qyl.Contracts;

namespace Qyl.Hub.Streaming;

/// <summary>What a subscription receives: spans, or log records for a log subscription.</summary>
internal enum SubscriptionKind
{
    Spans,
    Logs,
}

/// <summary>
/// One batch on its way to a group's members: a <see cref="SpanBatch"/>, a <see cref="SpanSummaryBatch"/>
/// (a summary-view group) or a <see cref="LogBatch"/> (records ascending by seq, never empty) and when
/// ingest sequenced its oldest record.
/// </summary>
internal readonly record struct LiveBatch(SpanBatch? Spans, LogBatch? Logs, long AcceptTimestamp, SpanSummaryBatch? Summaries = null)
{
    public static LiveBatch Of(SpanBatch batch, long acceptTimestamp) => new(batch, null, acceptTimestamp);

    public static LiveBatch Of(SpanSummaryBatch batch, long acceptTimestamp) => new(null, null, acceptTimestamp, batch);

    public static LiveBatch Of(LogBatch batch, long acceptTimestamp) => new(null, batch, acceptTimestamp);

    public int Count => Spans?.Spans.Count ?? Summaries?.Spans.Count ?? Logs!.Logs.Count;

    public long FirstSeq => Spans is { } s ? s.Spans[0].Seq : Summaries is { } m ? m.Spans[0].Seq : Logs!.Logs[0].Seq;

    public long LastSeq => Spans is { } s ? s.Spans[^1].Seq : Summaries is { } m ? m.Spans[^1].Seq : Logs!.Logs[^1].Seq;

    /// <summary>The records above <paramref name="watermark"/> (the same batch when all are).</summary>
    public LiveBatch After(long watermark)
    {
        if (FirstSeq > watermark)
        {
            return this;
        }
        if (Spans is { } spans)
        {
            return this with { Spans = spans with { Spans = [.. spans.Spans.Where(r => r.Seq > watermark)] } };
        }
        if (Summaries is { } summaries)
        {
            return this with { Summaries = summaries with { Spans = [.. summaries.Spans.Where(r => r.Seq > watermark)] } };
        }
        return this with { Logs = Logs! with { Logs = [.. Logs.Logs.Where(r => r.Seq > watermark)] } };
    }
}
