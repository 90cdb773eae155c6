using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace Sagewright.SigV4;

/// <summary>
/// Decodes a <c>Content-Encoding: aws-chunked</c> body as it is read: <c>hex-size[;chunk-signature=sig]\r\n data \r\n</c> chunks,
/// a zero-size final chunk, then trailing headers (<c>name:value\r\n</c>) and an empty line. Chunk data goes straight to the
/// caller's buffer, so memory stays at one pooled 8 KiB buffer whatever the chunk size.
/// A chunk's signature is checked when its data has been read, so the read after a forged chunk throws: a consumer must treat
/// the data as unverified until Read returns 0 (S3 writes to a temporary file and commits only then).
/// </summary>
public sealed partial class AwsChunkedDecodingStream : Stream
{
    private const int BufferSize = 8 * 1024;
    private const int MaxLineLength = 4 * 1024;
    private const int MaxTrailerBytes = 16 * 1024;
    private const int SignatureHexLength = 64;

    private readonly Stream inner;
    private readonly AwsChunkedMode mode;
    private readonly ChunkSignatureChain? chain;
    private readonly long? decodedContentLength;
    private readonly bool leaveOpen;
    private readonly Dictionary<string, string> trailers = new(StringComparer.OrdinalIgnoreCase);
    private readonly byte[] chunkSignature = new byte[SignatureHexLength];
    private byte[]? buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int bufferStart;
    private int bufferEnd;
    private DecoderState state = DecoderState.ChunkHeader;
    private long chunkRemaining;
    private long decodedLength;

    /// <param name="inner">The raw request body.</param>
    /// <param name="mode">From <see cref="AwsChunked.ModeFor"/> of the x-amz-content-sha256 header.</param>
    /// <param name="signingKey">From <see cref="SigV4Verifier.Verify"/>; required for the signed modes.</param>
    /// <param name="seedSignature">The request's own signature, which the first chunk signature chains from; required for the signed modes.</param>
    /// <param name="sig">The parsed request signature (time and scope of the chunk strings to sign); required for the signed modes.</param>
    /// <param name="decodedContentLength">x-amz-decoded-content-length when sent: the decoded body must have exactly this length.</param>
    /// <param name="leaveOpen">Leave <paramref name="inner"/> open when this stream is disposed.</param>
    public AwsChunkedDecodingStream(
        Stream inner, AwsChunkedMode mode, byte[]? signingKey, string? seedSignature, ParsedSignature? sig, long? decodedContentLength, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
        this.mode = mode;
        this.decodedContentLength = decodedContentLength;
        this.leaveOpen = leaveOpen;
        if (mode != AwsChunkedMode.UnsignedWithTrailer)
        {
            ArgumentNullException.ThrowIfNull(signingKey);
            ArgumentNullException.ThrowIfNull(seedSignature);
            ArgumentNullException.ThrowIfNull(sig);
            chain = new ChunkSignatureChain(signingKey, seedSignature, sig);
        }
    }

    private byte[] ActiveBuffer => buffer ?? throw new ObjectDisposedException(nameof(AwsChunkedDecodingStream));

    private enum DecoderState { ChunkHeader, ChunkData, ChunkEnd, Trailers, Done }

    /// <summary>The trailing headers (e.g. x-amz-checksum-crc32), lowercase names; complete once Read has returned 0.</summary>
    public IReadOnlyDictionary<string, string> Trailers => trailers;

    public override bool CanRead => buffer is not null;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>Decoded bytes returned so far.</summary>
    public override long Position
    {
        get => decodedLength;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        var read = ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None);
        Debug.Assert(read.IsCompleted, "a synchronous read completes synchronously");
        return read.GetAwaiter().GetResult();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, useAsync: true, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: true, cancellationToken).AsTask();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
            chain?.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(buffer is null, this);
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            switch (state)
            {
                case DecoderState.ChunkHeader:
                    var header = await ReadLineAsync(useAsync, cancellationToken) ?? throw ChunkedBodyErrors.Truncated();
                    StartChunk(Line(header));
                    break;
                case DecoderState.ChunkData:
                    return await ReadChunkDataAsync(destination, useAsync, cancellationToken);
                case DecoderState.ChunkEnd:
                    var end = await ReadLineAsync(useAsync, cancellationToken) ?? throw ChunkedBodyErrors.Truncated();
                    if (end.Length != 0)
                    {
                        throw ChunkedBodyErrors.Malformed("a chunk is longer than its declared size.");
                    }

                    chain?.VerifyChunk(chunkSignature);
                    state = DecoderState.ChunkHeader;
                    break;
                case DecoderState.Trailers:
                    await ReadTrailersAsync(useAsync, cancellationToken);
                    await EnsureEndOfBodyAsync(useAsync, cancellationToken);
                    if (decodedContentLength is { } declared && declared != decodedLength)
                    {
                        throw ChunkedBodyErrors.DecodedLengthMismatch(declared, decodedLength);
                    }

                    state = DecoderState.Done;
                    break;
                default:
                    return 0;
            }
        }
    }

    private async ValueTask<int> ReadChunkDataAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(destination.Length, chunkRemaining);
        int read;
        if (bufferEnd > bufferStart)
        {
            read = Math.Min(wanted, bufferEnd - bufferStart);
            ActiveBuffer.AsSpan(bufferStart, read).CopyTo(destination.Span);
            bufferStart += read;
        }
        else
        {
            read = await ReadInnerAsync(destination[..wanted], useAsync, cancellationToken);
            if (read == 0)
            {
                throw ChunkedBodyErrors.Truncated();
            }
        }

        chain?.AppendChunkData(destination.Span[..read]);
        chunkRemaining -= read;
        decodedLength += read;
        if (chunkRemaining == 0)
        {
            state = DecoderState.ChunkEnd;
        }

        return read;
    }

    private async ValueTask ReadTrailersAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var canonical = new StringBuilder();
        string? trailerSignature = null;
        var trailerBytes = 0;
        while (true)
        {
            // End of body in place of the closing empty line is accepted: the chunks and trailer are complete by then.
            var line = await ReadLineAsync(useAsync, cancellationToken);
            if (line is not { Length: > 0 } trailerLine)
            {
                break;
            }

            trailerBytes += trailerLine.Length;
            if (mode == AwsChunkedMode.SignedChunks || trailerBytes > MaxTrailerBytes)
            {
                throw ChunkedBodyErrors.Malformed("unexpected or oversized trailing headers.");
            }

            var (name, value) = ParseTrailer(Line(trailerLine));
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
                continue;
            }

            trailers[name] = value;
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        if (mode == AwsChunkedMode.SignedChunksWithTrailer)
        {
            var provided = trailerSignature ?? throw ChunkedBodyErrors.MissingTrailerSignature();
            chain!.VerifyTrailer(Encoding.UTF8.GetBytes(canonical.ToString()), Encoding.UTF8.GetBytes(provided));
        }
    }

    private async ValueTask EnsureEndOfBodyAsync(bool useAsync, CancellationToken cancellationToken)
    {
        if (bufferEnd > bufferStart || await ReadInnerAsync(ActiveBuffer.AsMemory(0, 1), useAsync, cancellationToken) > 0)
        {
            throw ChunkedBodyErrors.Malformed("data follows the final chunk.");
        }
    }

    private ValueTask<int> ReadInnerAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken) =>
        useAsync ? inner.ReadAsync(destination, cancellationToken) : new ValueTask<int>(inner.Read(destination.Span));
}
