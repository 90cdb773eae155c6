using System.Buffers.Text;
using System.Text;

namespace Sagewright.SigV4;

public sealed partial class AwsChunkedDecodingStream
{
    private static ReadOnlySpan<byte> ChunkSignatureExtension => "chunk-signature="u8;

    /// <summary>Reads one CRLF-terminated line into the buffer; null at a clean end of body (no partial line).</summary>
    private async ValueTask<LineRange?> ReadLineAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var available = ActiveBuffer.AsSpan(bufferStart, bufferEnd - bufferStart);
            var newline = available[scanned..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineFeed = scanned + newline;
                if (lineFeed == 0 || available[lineFeed - 1] != '\r')
                {
                    throw ChunkedBodyErrors.Malformed("lines must end with CRLF.");
                }

                var line = new LineRange(bufferStart, lineFeed - 1);
                bufferStart += lineFeed + 1;
                return line;
            }

            scanned = available.Length;
            if (available.Length >= MaxLineLength)
            {
                throw ChunkedBodyErrors.Malformed("a chunk header or trailing header line is too long.");
            }

            if (bufferStart > 0)
            {
                available.CopyTo(ActiveBuffer);
                bufferStart = 0;
                bufferEnd = available.Length;
            }

            var read = await ReadInnerAsync(ActiveBuffer.AsMemory(bufferEnd), useAsync, cancellationToken);
            if (read == 0)
            {
                return bufferEnd == bufferStart ? null : throw ChunkedBodyErrors.Truncated();
            }

            bufferEnd += read;
        }
    }

    private ReadOnlySpan<byte> Line(LineRange range) => ActiveBuffer.AsSpan(range.Start, range.Length);

    /// <summary><c>hex-size</c>, then <c>;chunk-signature=64hex</c> in the signed modes (other extensions are ignored when unsigned).</summary>
    private void StartChunk(ReadOnlySpan<byte> header)
    {
        var semicolon = header.IndexOf((byte)';');
        var size = ParseChunkSize(semicolon < 0 ? header : header[..semicolon]);
        if (chain is not null)
        {
            var extension = semicolon < 0 ? [] : header[(semicolon + 1)..];
            if (!extension.StartsWith(ChunkSignatureExtension) || extension.Length != ChunkSignatureExtension.Length + SignatureHexLength)
            {
                throw ChunkedBodyErrors.Malformed("a signed chunk must carry ';chunk-signature=<64 hex>'.");
            }

            extension[ChunkSignatureExtension.Length..].CopyTo(chunkSignature);
        }

        if (decodedContentLength is { } declared && decodedLength + size > declared)
        {
            throw ChunkedBodyErrors.DecodedLengthMismatch(declared, decodedLength + size);
        }

        if (size > 0)
        {
            chunkRemaining = size;
            state = DecoderState.ChunkData;
            return;
        }

        chain?.VerifyChunk(chunkSignature);
        state = DecoderState.Trailers;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> hex)
    {
        if (hex.IsEmpty || hex.Length > 15 || !Utf8Parser.TryParse(hex, out long size, out var consumed, 'x') || consumed != hex.Length)
        {
            throw ChunkedBodyErrors.InvalidChunkSize($"'{Encoding.ASCII.GetString(hex[..Math.Min(hex.Length, 32)])}' is not a hexadecimal chunk size.");
        }

        return size;
    }

    private static (string Name, string Value) ParseTrailer(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw ChunkedBodyErrors.Malformed("a trailing header must be 'name:value'.");
        }

        var name = Encoding.ASCII.GetString(line[..colon]).Trim().ToLowerInvariant();
        var value = new StringBuilder();
        CanonicalHeaders.AppendTrimmed(value, Encoding.UTF8.GetString(line[(colon + 1)..]));
        return (name, value.ToString());
    }

    private readonly record struct LineRange(int Start, int Length);
}
