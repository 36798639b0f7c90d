using MessagePack;
using Qyl.Contracts;

namespace Qyl.Bench.Scenarios;

/// <summary>Reading the hub's messages: the framing, and each span skimmed for its seq and send time.</summary>
public sealed partial class RawSubscriber
{
    /// <summary>Parses every complete length-prefixed message from <paramref name="offset"/>; returns where the rest starts.</summary>
    private int ParseMessages(int offset, long now)
    {
        while (TryReadVarInt(_buffer.AsSpan(offset, _buffered - offset), out var length, out var prefix) && _buffered - offset - prefix >= length)
        {
            var message = _buffer.AsMemory(offset + prefix, length);
            offset += prefix + length;
            OnMessage(new MessagePackReader(message), now);
        }
        return offset;
    }

    /// <summary>Reads a map key and compares it without allocating a string (the buffer is contiguous).</summary>
    private static bool KeyIs(ref MessagePackReader reader, ReadOnlySpan<byte> expected) => ReadKey(ref reader).SequenceEqual(expected);

    private static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader) =>
        reader.TryReadStringSpan(out var key) ? key : System.Text.Encoding.UTF8.GetBytes(reader.ReadString() ?? string.Empty);

    private static bool TryReadVarInt(ReadOnlySpan<byte> data, out int value, out int bytes)
    {
        value = 0;
        for (bytes = 0; bytes < Math.Min(5, data.Length);)
        {
            var b = data[bytes];
            value |= (b & 0x7f) << (7 * bytes);
            bytes++;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }
        return false;
    }

    private void OnMessage(MessagePackReader reader, long now)
    {
        var fields = reader.ReadArrayHeader();
        var type = reader.ReadInt32();
        if (type == 3)
        {
            _subscribed.TrySetResult();
            return;
        }
        if (type != 1 || fields < 5)
        {
            return;
        }
        reader.Skip(); // headers
        reader.Skip(); // invocation id (nil)
        var target = reader.ReadString();
        reader.ReadArrayHeader();
        switch (target)
        {
            case TelemetryHubPaths.SpansMethod:
                Interlocked.Increment(ref _messages);
                OnBatch(ref reader, now);
                break;
            case BaselineHub.SpanMethod:
                Interlocked.Increment(ref _messages);
                OnSpan(ref reader, now, _tally.MeasureFrom);
                _tally.AddReceived(1);
                break;
            case TelemetryHubPaths.DroppedMethod:
                OnDropped(ref reader);
                break;
        }
    }

    private void OnBatch(ref MessagePackReader reader, long now)
    {
        var measureFrom = _tally.MeasureFrom;
        var entries = reader.ReadMapHeader();
        for (var i = 0; i < entries; i++)
        {
            if (!KeyIs(ref reader, "spans"u8))
            {
                reader.Skip();
                continue;
            }
            var count = reader.ReadArrayHeader();
            for (var s = 0; s < count; s++)
            {
                OnSpan(ref reader, now, measureFrom);
            }
            _tally.AddReceived(count);
        }
    }

    private void OnSpan(ref MessagePackReader reader, long now, long measureFrom)
    {
        long seq = 0;
        double sent = double.NaN;
        double sentByTrace = double.NaN;
        var entries = reader.ReadMapHeader();
        for (var i = 0; i < entries; i++)
        {
            var name = ReadKey(ref reader);
            if (name.SequenceEqual("seq"u8))
            {
                seq = reader.ReadInt64();
            }
            else if (name.SequenceEqual("traceId"u8) && _bySendTimes && reader.TryReadStringSpan(out var traceId))
            {
                sentByTrace = SendTimes.Of(traceId);
            }
            else if (name.SequenceEqual("attributes"u8) && !reader.TryReadNil())
            {
                var attributes = reader.ReadMapHeader();
                for (var a = 0; a < attributes; a++)
                {
                    if (KeyIs(ref reader, s_sentKey) && reader.NextMessagePackType is MessagePackType.Float or MessagePackType.Integer)
                    {
                        sent = reader.NextMessagePackType == MessagePackType.Float ? reader.ReadDouble() : reader.ReadInt64();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }
        _tally.Record(seq, double.IsNaN(sent) ? sentByTrace : sent, now, measureFrom);
    }

    private void OnDropped(ref MessagePackReader reader)
    {
        var entries = reader.ReadMapHeader();
        long count = 0;
        for (var i = 0; i < entries; i++)
        {
            if (KeyIs(ref reader, "count"u8))
            {
                count = reader.ReadInt64();
            }
            else
            {
                reader.Skip();
            }
        }
        _tally.AddDropped(count);
    }
}
