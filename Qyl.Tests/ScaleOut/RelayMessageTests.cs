using System.Text.Json;
using Qyl.Contracts;
using Qyl.Hub.ScaleOut;
using Qyl.Ingest.Pipeline;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.ScaleOut;

/// <summary>The relay's wire format: a relayed span equals the local one, attribute value types included.</summary>
public sealed class RelayMessageTests
{
    [Fact]
    public void Decode_EncodedBlock_SameInstanceRangeAndSpansWithPlainAttributeValues()
    {
        var instance = Guid.NewGuid();
        var span = TestSpans.Create(genAi: true) with
        {
            Seq = 41,
            Attributes = new Dictionary<string, object?>
            {
                ["text"] = "x",
                ["count"] = 5L,
                ["ratio"] = 1.5,
                ["flag"] = true,
                ["list"] = new object?[] { 1L, "a", null },
                ["map"] = new Dictionary<string, object?> { ["inner"] = 2L },
            },
            Events = [new SpanEventRecord { Name = "e", TimeUnixNano = 7, Attributes = new Dictionary<string, object?> { ["k"] = 3L } }],
        };
        var block = new SequencedBlock(40, 42, [span]);

        var (decodedInstance, decoded) = RelayMessage.Decode(RelayMessage.Encode(instance, block));

        Assert.Equal(instance, decodedInstance);
        Assert.Equal((40L, 42L), (decoded.FirstSeq, decoded.LastSeq));
        var relayed = Assert.Single(decoded.Spans);
        Assert.Equal(JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord), JsonSerializer.Serialize(relayed, QylJsonContext.Default.SpanRecord));
        Assert.IsType<long>(relayed.Attributes["count"]);
        Assert.IsType<double>(relayed.Attributes["ratio"]);
        Assert.IsType<object?[]>(relayed.Attributes["list"]);
        Assert.IsType<Dictionary<string, object?>>(relayed.Attributes["map"]);
        Assert.IsType<long>(relayed.Events[0].Attributes["k"]);
    }

    [Fact]
    public void Decode_EmptyBlock_KeepsTheRange()
    {
        var (_, decoded) = RelayMessage.Decode(RelayMessage.Encode(Guid.NewGuid(), new SequencedBlock(7, 9, [])));

        Assert.Equal((7L, 9L, 0), (decoded.FirstSeq, decoded.LastSeq, decoded.Count));
    }

    [Fact]
    public void Decode_TruncatedMessage_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => RelayMessage.Decode(new byte[10]));
    }
}
