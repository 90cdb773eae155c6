using System.Buffers;
using System.Security.Cryptography;
using Sagewright.Data;
using Sagewright.S3.Blobs;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Bodies;

/// <summary>What was written for one object or part: the segment, its MD5 and the checksums computed over the plaintext.</summary>
public sealed record WrittenSegment(Segment Segment, byte[] Md5, IReadOnlyDictionary<ChecksumAlgorithm, string> Checksums);

/// <summary>
/// Streams a request body into a new blob: hashing (MD5 for the ETag, the flexible checksums asked for) and, for
/// encrypted objects, sealing 64 KiB chunks, without holding more than one 1 MiB buffer per request.
/// The blob is entered as garbage before its first byte is written; the caller's metadata transaction claims it.
/// </summary>
internal sealed class ObjectBodyWriter(IBlobStore blobs, IDatabase database, TimeProvider time)
{
    private const int BufferSize = 16 * ChunkedEncryption.ChunkSize; // 1 MiB: 16 chunks per disk write
    private static readonly TimeSpan UnclaimedBlobLifetime = TimeSpan.FromHours(24);

    /// <summary>Bodies up to this size are stored inline in the metadata database.</summary>
    public const long InlineLimit = 64 * 1024;

    /// <param name="verify">Runs after the last byte was read and before the blob is committed: throw to reject the body (BadDigest).</param>
    public async Task<WrittenSegment> WriteAsync(Stream source, long length, byte[]? dataKey,
        IReadOnlyCollection<ChecksumAlgorithm> checksums, Action<WrittenSegment>? verify, CancellationToken cancellationToken)
    {
        // Small objects live in their metadata row: one transaction and no blob file to fsync (4 KiB PUTs are ~3x faster).
        var inline = length <= InlineLimit;
        var blobId = inline ? null : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (blobId is not null)
        {
            await database.WriteAsync(async db =>
            {
                await S3Store.MarkGarbageAsync(db, [blobId], time.GetUtcNow() + UnclaimedBlobLifetime);
                return true;
            }, cancellationToken);
        }

        var nonce = dataKey is null ? null : ChunkedEncryption.NewNoncePrefix();
        var storedLength = dataKey is null ? length : ChunkedEncryption.StoredLength(length);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var sums = checksums.ToDictionary(a => a, Checksums.Create);
        var plain = ArrayPool<byte>.Shared.Rent(BufferSize);
        var sealedBuffer = dataKey is null ? null : ArrayPool<byte>.Shared.Rent(BufferSize + 16 * ChunkedEncryption.TagSize);
        using var cipher = dataKey is null ? null : new ChunkCipher(dataKey, nonce!, length);
        try
        {
            await using var writer = blobId is null ? new InlineWriter(storedLength) : await blobs.CreateAsync(blobId, storedLength, cancellationToken);
            long received = 0;
            long chunk = 0;
            while (true)
            {
                var read = await source.ReadAtLeastAsync(plain.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    break;
                }
                received += read;
                if (received > length)
                {
                    throw S3Errors.InvalidRequest($"The request body is longer than its declared length of {length} bytes.");
                }
                var data = plain.AsSpan(0, read);
                md5.AppendData(data);
                foreach (var sum in sums.Values)
                {
                    sum.Append(data);
                }
                if (cipher is null)
                {
                    await writer.WriteAsync(plain.AsMemory(0, read), cancellationToken);
                    continue;
                }
                var written = 0;
                for (var offset = 0; offset < read; offset += ChunkedEncryption.ChunkSize, chunk++)
                {
                    var size = Math.Min(ChunkedEncryption.ChunkSize, read - offset);
                    cipher.Encrypt(chunk, plain.AsSpan(offset, size), sealedBuffer.AsSpan(written, size + ChunkedEncryption.TagSize));
                    written += size + ChunkedEncryption.TagSize;
                }
                await writer.WriteAsync(sealedBuffer.AsMemory(0, written), cancellationToken);
            }
            if (received != length)
            {
                throw S3Errors.IncompleteBody(length, received);
            }
            var result = new WrittenSegment(
                new Segment(blobId, length, storedLength, nonce is null ? null : Convert.ToBase64String(nonce), (writer as InlineWriter)?.Base64()),
                md5.GetHashAndReset(),
                sums.ToDictionary(s => s.Key, s => Convert.ToBase64String(s.Value.Finish())));
            verify?.Invoke(result);
            await writer.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
            if (sealedBuffer is not null)
            {
                ArrayPool<byte>.Shared.Return(sealedBuffer);
            }
        }
    }
}

/// <summary>Collects a small segment's stored bytes for the metadata row.</summary>
internal sealed class InlineWriter(long length) : BlobWriter
{
    private readonly MemoryStream _bytes = new((int)length);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _bytes.Write(data.Span);
        return ValueTask.CompletedTask;
    }

    public override Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string Base64() => Convert.ToBase64String(_bytes.GetBuffer(), 0, (int)_bytes.Length);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
