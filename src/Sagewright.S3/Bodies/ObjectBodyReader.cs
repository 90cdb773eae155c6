using System.Buffers;
using Sagewright.S3.Blobs;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Bodies;

/// <summary>Writes a byte range of an object (its segments, decrypted when sealed) to a response body.</summary>
internal sealed class ObjectBodyReader(IBlobStore blobs)
{
    private const int CopyBufferSize = 1024 * 1024;

    /// <param name="dataKey">The object's data key when it is encrypted (already unwrapped, as the caller).</param>
    public async Task WriteRangeAsync(IReadOnlyList<Segment> segments, byte[]? dataKey, long offset, long length, Stream output, CancellationToken cancellationToken)
    {
        long segmentStart = 0;
        foreach (var segment in segments)
        {
            var segmentEnd = segmentStart + segment.Size;
            if (length > 0 && offset < segmentEnd)
            {
                var from = offset - segmentStart;
                var count = Math.Min(length, segment.Size - from);
                if (segment.Nonce is null)
                {
                    await CopyPlainAsync(segment, from, count, output, cancellationToken);
                }
                else
                {
                    await CopyDecryptedAsync(segment, dataKey ?? throw new InvalidOperationException("An encrypted segment needs its data key."), from, count, output, cancellationToken);
                }
                offset += count;
                length -= count;
            }
            segmentStart = segmentEnd;
        }
    }

    private ValueTask<Stream> OpenAsync(Segment segment, long offset, long length, CancellationToken cancellationToken) =>
        segment.Inline is { } inline
            ? ValueTask.FromResult<Stream>(new MemoryStream(Convert.FromBase64String(inline), (int)offset, (int)length, writable: false))
            : blobs.OpenReadAsync(segment.Blob!, offset, length, cancellationToken);

    private async Task CopyPlainAsync(Segment segment, long from, long count, Stream output, CancellationToken cancellationToken)
    {
        await using var source = await OpenAsync(segment, from, count, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long copied = 0;
            while (copied < count)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(CopyBufferSize, count - copied)), cancellationToken);
                if (read == 0)
                {
                    throw new StoredDataCorruptException($"Segment {segment.Blob ?? "(inline)"} is shorter than its recorded size.");
                }
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CopyDecryptedAsync(Segment segment, byte[] dataKey, long from, long count, Stream output, CancellationToken cancellationToken)
    {
        const int chunksPerRead = 16;
        var firstChunk = from / ChunkedEncryption.ChunkSize;
        var lastChunk = (from + count - 1) / ChunkedEncryption.ChunkSize;
        var storedFrom = firstChunk * ChunkedEncryption.StoredChunkSize;
        var storedTo = Math.Min(segment.StoredSize, (lastChunk + 1) * ChunkedEncryption.StoredChunkSize);
        using var cipher = new ChunkCipher(dataKey, Convert.FromBase64String(segment.Nonce!), segment.Size);
        await using var source = await OpenAsync(segment, storedFrom, storedTo - storedFrom, cancellationToken);
        var stored = ArrayPool<byte>.Shared.Rent(chunksPerRead * ChunkedEncryption.StoredChunkSize);
        var plain = ArrayPool<byte>.Shared.Rent(chunksPerRead * ChunkedEncryption.ChunkSize);
        try
        {
            var chunk = firstChunk;
            var position = firstChunk * ChunkedEncryption.ChunkSize; // plaintext offset of `chunk`
            var end = from + count;
            while (chunk <= lastChunk)
            {
                var chunks = (int)Math.Min(chunksPerRead, lastChunk - chunk + 1);
                var wanted = (int)Math.Min(chunks * (long)ChunkedEncryption.StoredChunkSize, storedTo - chunk * ChunkedEncryption.StoredChunkSize);
                var read = await source.ReadAtLeastAsync(stored.AsMemory(0, wanted), wanted, throwOnEndOfStream: false, cancellationToken);
                if (read != wanted)
                {
                    throw new StoredDataCorruptException($"Segment {segment.Blob ?? "(inline)"} is shorter than its recorded size.");
                }
                var plainLength = 0;
                for (var at = 0; at < wanted; at += ChunkedEncryption.StoredChunkSize, chunk++)
                {
                    var storedChunk = Math.Min(ChunkedEncryption.StoredChunkSize, wanted - at);
                    cipher.Decrypt(chunk, stored.AsSpan(at, storedChunk), plain.AsSpan(plainLength));
                    plainLength += storedChunk - ChunkedEncryption.TagSize;
                }
                var sliceStart = (int)Math.Max(0, from - position);
                var sliceEnd = (int)Math.Min(plainLength, end - position);
                await output.WriteAsync(plain.AsMemory(sliceStart, sliceEnd - sliceStart), cancellationToken);
                position += plainLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stored);
            ArrayPool<byte>.Shared.Return(plain);
        }
    }
}
