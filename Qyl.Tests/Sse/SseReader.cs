using System.Text;

namespace Qyl.Tests.Sse;

/// <summary>Reads a text/event-stream response block by block (each ends with a blank line), raw.</summary>
public sealed class SseReader(Stream stream)
{
    private readonly StringBuilder _buffer = new();
    private readonly byte[] _chunk = new byte[8192];
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    /// <summary>The next block including its terminating <c>\n\n</c>, or fails after <paramref name="timeout"/>.</summary>
    public async Task<string> ReadBlockAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var text = _buffer.ToString();
            var end = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _buffer.Remove(0, end + 2);
                return text[..(end + 2)];
            }
            var read = await stream.ReadAsync(_chunk, cts.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("The SSE stream ended.");
            }
            var chars = new char[_decoder.GetCharCount(_chunk, 0, read)];
            _decoder.GetChars(_chunk, 0, read, chars, 0);
            _buffer.Append(chars);
        }
    }

    /// <summary>The next block that is not a heartbeat comment.</summary>
    public async Task<string> ReadEventAsync(TimeSpan timeout)
    {
        while (true)
        {
            var block = await ReadBlockAsync(timeout);
            if (!block.StartsWith(':'))
            {
                return block;
            }
        }
    }

    /// <summary>The <c>id:</c> of an event block.</summary>
    public static long IdOf(string block) =>
        long.Parse(block.Split('\n').Single(l => l.StartsWith("id: ", StringComparison.Ordinal))[4..], System.Globalization.CultureInfo.InvariantCulture);
}
