using Qyl.Client;
using Qyl.Contracts;

namespace Qyl.Tests.Client;

public sealed class SeqLedgerTests
{
    [Fact]
    public void TryAcceptLive_RepeatedAndOlderSeqs_AcceptsEachNewSeqOnce()
    {
        var ledger = new SeqLedger();
        Assert.True(ledger.TryAcceptLive(5));
        Assert.False(ledger.TryAcceptLive(5));
        Assert.False(ledger.TryAcceptLive(3));
        Assert.True(ledger.TryAcceptLive(9));
        Assert.Equal(9, ledger.LastSeq);
    }

    [Fact]
    public void TryAcceptLive_WithResumeCursor_RejectsSeqsAtOrBelowIt()
    {
        var ledger = new SeqLedger(resumeAfterSeq: 100);
        Assert.Equal(100, ledger.LastSeq);
        Assert.False(ledger.TryAcceptLive(100));
        Assert.True(ledger.TryAcceptLive(101));
    }

    [Fact]
    public void TryAcceptBackfill_HoleBelowLastSeq_AcceptsMissingRejectsSeen()
    {
        var ledger = new SeqLedger();
        ledger.TryAcceptLive(1);
        ledger.TryAcceptLive(4);
        Assert.False(ledger.TryAcceptBackfill(1));
        Assert.True(ledger.TryAcceptBackfill(2));
        Assert.False(ledger.TryAcceptBackfill(2));
        Assert.True(ledger.TryAcceptBackfill(3));
        Assert.False(ledger.TryAcceptBackfill(4));
        Assert.Equal(4, ledger.LastSeq);
    }

    [Fact]
    public void TryAcceptBackfill_BeyondWindow_ForgetsOldestOnly()
    {
        var ledger = new SeqLedger(windowSize: 3);
        foreach (var seq in new long[] { 1, 2, 3, 4 })
        {
            ledger.TryAcceptLive(seq);
        }
        Assert.True(ledger.TryAcceptBackfill(1));
        Assert.False(ledger.TryAcceptBackfill(4));
    }

    [Fact]
    public void SpansQuery_FilterWithEveryField_EncodesContractParameters()
    {
        var filter = new SpanFilter { ServiceName = "check out", SessionId = "s/1", TraceId = "ABC", GenAiOnly = true }.Normalize();
        Assert.Equal(
            "api/v1/spans?afterSeq=41&limit=500&serviceName=check%20out&sessionId=s%2F1&traceId=abc&genAiOnly=true",
            QylClient.SpansQuery(filter, 41, 500));
        Assert.Equal("api/v1/spans?afterSeq=0&limit=10", QylClient.SpansQuery(SpanFilter.All, 0, 10));
    }
}
