using System.Buffers;
using System.Security.Cryptography;
using Sagewright.Data;
using Sagewright.S3.Blobs;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Bodies;

/// <summary>What was written for one object or part: the segment, its content digest (see <see cref="ContentDigest"/>) and the checksums computed over the plaintext.</summary>
public sealed record WrittenSegment(Segment Segment, byte[] Md5, IReadOnlyDictionary<ChecksumAlgorithm, string> Checksums);

/// <summary>The 16-byte digest an ETag is made of.</summary>
public enum ContentDigest
{
    /// <summary>MD5: S3's ETag for unencrypted and SSE-S3 objects, and what Content-MD5 is checked against.</summary>
    Md5,

    /// <summary>XxHash128: for SSE-KMS objects, whose ETags are not MD5 digests on S3 either; MD5 (~550 MB/s here) would cap PUTs.</summary>
    XxHash128,
}

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
    /// <param name="digest">MD5 (S3's ETag and Content-MD5), or the much cheaper XxHash128 where S3's ETag is not an MD5 (SSE-KMS).</param>
    public async Task<WrittenSegment> WriteAsync(Stream source, long length, byte[]? dataKey,
        IReadOnlyCollection<ChecksumAlgorithm> checksums, Action<WrittenSegment>? verify, CancellationToken cancellationToken,
        ContentDigest digest = ContentDigest.Md5)
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
        await using var writer = blobId is null ? new InlineWriter(storedLength) : await blobs.CreateAsync(blobId, storedLength, cancellationToken);
        using var sealer = new SegmentSealer(writer, dataKey, nonce, length, digest, checksums);
        // Two buffers: the next megabyte arrives from the network while the previous one is hashed, sealed and written.
        var buffers = new[] { ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize) };
        var processing = Task.CompletedTask;
        try
        {
            long received = 0;
            for (var turn = 0; ; turn++)
            {
                var buffer = buffers[turn % 2];
                var read = await source.ReadAtLeastAsync(buffer.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken);
                await processing;
                if (read == 0)
                {
                    break;
                }
                received += read;
                if (received > length)
                {
                    throw S3Errors.InvalidRequest($"The request body is longer than its declared length of {length} bytes.");
                }
                processing = sealer.ProcessAsync(buffer, read, cancellationToken);
            }
            if (received != length)
            {
                throw S3Errors.IncompleteBody(length, received);
            }
            var result = new WrittenSegment(
                new Segment(blobId, length, storedLength, nonce is null ? null : Convert.ToBase64String(nonce), (writer as InlineWriter)?.Base64()),
                sealer.Digest(),
                sealer.Checksums());
            verify?.Invoke(result);
            await writer.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            await processing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
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
