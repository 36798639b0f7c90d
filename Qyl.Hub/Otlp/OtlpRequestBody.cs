using System.Buffers;
using System.IO.Compression;
using Qyl.Ingest.Otlp;

namespace Qyl.Hub.Otlp;

/// <summary>
/// Reads an OTLP/HTTP body, gunzipping when asked, into a pooled buffer of at most the limit. The
/// limit applies after decompression and reading stops one byte past it, so a gzip bomb is never
/// inflated beyond the limit however far it would expand.
/// </summary>
internal sealed class OtlpRequestBody : IDisposable
{
    private const int InitialGzipBytes = 64 * 1024;
    private byte[]? _buffer;

    private OtlpRequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>
    /// Reads <paramref name="body"/>. Throws <see cref="OtlpBodyTooLargeException"/> past
    /// <paramref name="limitBytes"/> and <see cref="OtlpDecodeException"/> for a broken gzip stream.
    /// </summary>
    public static async Task<OtlpRequestBody> ReadAsync(Stream body, long? contentLength, bool gzip, int limitBytes, CancellationToken cancellationToken)
    {
        var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : body;
        // Reading limit + 1 bytes is how "over the limit" is told apart from "exactly the limit".
        var cap = limitBytes + 1L;
        var initial = (int)Math.Min(cap, gzip ? InitialGzipBytes : Math.Max(contentLength ?? InitialGzipBytes, 1));
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(cap, buffer.Length * 2L));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }
                var room = (int)Math.Min(buffer.Length - length, cap - length);
                var read = await source.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new OtlpRequestBody(buffer, length);
                }
                length += read;
                if (length > limitBytes)
                {
                    throw new OtlpBodyTooLargeException(limitBytes);
                }
            }
        }
        catch (InvalidDataException ex) when (gzip)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new OtlpDecodeException("The body is not valid gzip (Content-Encoding: gzip).", ex);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        finally
        {
            if (gzip)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The body, after decompression, is over <c>Qyl:Ingest:MaxRequestBodyBytes</c>.</summary>
internal sealed class OtlpBodyTooLargeException(int limitBytes)
    : Exception($"The request body is over the limit of {limitBytes} bytes after decompression (Qyl:Ingest:MaxRequestBodyBytes); send smaller batches.")
{
    public int LimitBytes { get; } = limitBytes;
}
