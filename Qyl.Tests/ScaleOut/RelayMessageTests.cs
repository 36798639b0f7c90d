using System.Text.Json;
using Qyl.Contracts;
using Qyl.Hub.ScaleOut;
using Qyl.Ingest.Live;
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
                ["negative"] = -3L,
                ["big"] = long.MaxValue,
                ["ratio"] = 1.5,
                ["flag"] = true,
                ["list"] = new object?[] { 1L, "a", null },
                ["map"] = new Dictionary<string, object?> { ["inner"] = 2L, ["nested"] = new object?[] { 0.25, false } },
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
        Assert.IsType<long>(relayed.Attributes["negative"]);
        Assert.Equal(long.MaxValue, relayed.Attributes["big"]);
        Assert.IsType<object?[]>(((Dictionary<string, object?>)relayed.Attributes["map"]!)["nested"]);
        Assert.IsType<double>(relayed.Attributes["ratio"]);
        Assert.IsType<object?[]>(relayed.Attributes["list"]);
        Assert.IsType<Dictionary<string, object?>>(relayed.Attributes["map"]);
        Assert.IsType<long>(relayed.Events[0].Attributes["k"]);
    }

    [Fact]
    public void Decode_DecodedOtlpWithEveryValueKind_SameValuesOfTheSameTypes()
    {
        var decodedOtlp = Ingest.Otlp.Protobuf.OtlpProtobufDecoder.Decode(Google.Protobuf.MessageExtensions.ToByteArray(Otlp.EveryValueRequest.Create(new string('c', 32))));
        var span = Assert.Single(decodedOtlp.Spans) with { Seq = 5 };

        var (_, decoded) = RelayMessage.Decode(RelayMessage.Encode(Guid.NewGuid(), new SequencedBlock(5, 5, [span])));

        var relayed = Assert.Single(decoded.Spans);
        Assert.Equal(JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord), JsonSerializer.Serialize(relayed, QylJsonContext.Default.SpanRecord));
        Assert.True(AttributeValues.Same(span.Attributes, relayed.Attributes));
        Assert.True(AttributeValues.Same(span.ResourceAttributes, relayed.ResourceAttributes));
        Assert.True(AttributeValues.Same(span.Events[0].Attributes, relayed.Events[0].Attributes));
    }

    [Fact]
    public void Decode_BlockWithLogs_RoundTripsSpansAndLogRecords()
    {
        var span = TestSpans.Create() with { Seq = 10 };
        var log = TestLogs.Create("svc", traceId: span.TraceId, spanId: span.SpanId, eventName: "gen_ai.user.message",
            body: new Dictionary<string, object?> { ["content"] = "hi", ["n"] = 2L }) with { Seq = 11 };

        var (_, decoded) = RelayMessage.Decode(RelayMessage.Encode(Guid.NewGuid(), new SequencedBlock(10, 12, [span], [log])));

        Assert.Equal((10L, 12L), (decoded.FirstSeq, decoded.LastSeq));
        Assert.Equal(span.SpanId, Assert.Single(decoded.Spans).SpanId);
        var relayed = Assert.Single(decoded.Logs);
        Assert.Equal(JsonSerializer.Serialize(log, QylJsonContext.Default.LogRecord), JsonSerializer.Serialize(relayed, QylJsonContext.Default.LogRecord));
        Assert.IsType<long>(((Dictionary<string, object?>)relayed.Body!)["n"]);
    }

    [Fact]
    public void Encode_SpanOnlyBlock_NoLogArraySoThePreviousVersionReadsIt()
    {
        var block = new SequencedBlock(5, 5, [TestSpans.Create() with { Seq = 5 }]);

        var withLogsField = RelayMessage.Encode(Guid.Empty, block);
        var (_, decoded) = RelayMessage.Decode(withLogsField);

        Assert.Empty(decoded.Logs);
        var reader = new MessagePack.MessagePackReader(withLogsField.AsMemory(32));
        reader.Skip();
        Assert.True(reader.End);
    }

    [Fact]
    public void Decode_EmptyBlock_KeepsTheRange()
    {
        var (_, decoded) = RelayMessage.Decode(RelayMessage.Encode(Guid.NewGuid(), new SequencedBlock(7, 9, [])));

        Assert.Equal((7L, 9L, 0), (decoded.FirstSeq, decoded.LastSeq, decoded.Spans.Count));
    }

    [Fact]
    public void Decode_TruncatedMessage_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => RelayMessage.Decode(new byte[10]));
    }

    [Fact]
    public void Decode_JsonPayloadOfThePreviousVersion_SameSpans()
    {
        // What an instance of the first relay version publishes during a rolling upgrade.
        var span = TestSpans.Create(genAi: true) with { Seq = 8, Attributes = new Dictionary<string, object?> { ["count"] = 5L } };
        var json = System.Text.Encoding.UTF8.GetBytes($"[{JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord)}]");
        var message = new byte[32 + json.Length];
        Guid.NewGuid().TryWriteBytes(message);
        BitConverter.TryWriteBytes(message.AsSpan(16), 8L);
        BitConverter.TryWriteBytes(message.AsSpan(24), 8L);
        json.CopyTo(message, 32);

        var (_, decoded) = RelayMessage.Decode(message);

        var relayed = Assert.Single(decoded.Spans);
        Assert.Equal(JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord), JsonSerializer.Serialize(relayed, QylJsonContext.Default.SpanRecord));
        Assert.IsType<long>(relayed.Attributes["count"]);
    }

    [Theory]
    [InlineData(new byte[] { 0x91, 0xC1 })] // one span whose first byte is a code MessagePack never uses
    [InlineData(new byte[] { 0x92, 0x80 })] // two spans promised, one (empty) given
    [InlineData(new byte[] { 0x90, 0x00 })] // an empty array, then a stray byte
    [InlineData(new byte[] { 0xDD, 0x7F, 0xFF, 0xFF, 0xFF })] // an array header promising 2^31 - 1 spans
    public void Decode_MalformedMessagePack_ThrowsInvalidData(byte[] payload)
    {
        var message = new byte[32 + payload.Length];
        payload.CopyTo(message, 32);

        Assert.Throws<InvalidDataException>(() => RelayMessage.Decode(message));
    }
}
