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
    private const int Slots = 3;
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
        using var sealer = new SegmentSealer(dataKey, nonce, length, digest, checksums);
        // Three stages overlap: megabyte t+1 arrives from the network while t is hashed (and sealed) and t-1 is written.
        // Each of the three buffer slots is reused once the write of what it held has finished.
        var plain = new byte[Slots][];
        var sealedBuffers = new byte[Slots][];
        var slotFree = new Task[Slots];
        for (var i = 0; i < Slots; i++)
        {
            plain[i] = ArrayPool<byte>.Shared.Rent(BufferSize);
            sealedBuffers[i] = dataKey is null ? [] : ArrayPool<byte>.Shared.Rent(16 * ChunkedEncryption.StoredChunkSize);
            slotFree[i] = Task.CompletedTask;
        }
        Task sealing = Task.CompletedTask;
        var writing = Task.CompletedTask;
        try
        {
            long received = 0;
            for (var turn = 0; ; turn++)
            {
                var slot = turn % Slots;
                await slotFree[slot];
                var read = await source.ReadAtLeastAsync(plain[slot].AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken);
                await sealing;
                if (read == 0)
                {
                    break;
                }
                received += read;
                if (received > length)
                {
                    throw S3Errors.InvalidRequest($"The request body is longer than its declared length of {length} bytes.");
                }
                var stored = sealer.SealAsync(plain[slot], read, dataKey is null ? null : sealedBuffers[slot]);
                sealing = stored;
                writing = WriteAfterAsync(writing, stored, writer, cancellationToken);
                slotFree[slot] = writing;
            }
            await writing;
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
            // Never hand a buffer back to the pool while a stage may still use it.
            await Task.WhenAll(sealing, writing).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            for (var i = 0; i < Slots; i++)
            {
                ArrayPool<byte>.Shared.Return(plain[i]);
                if (sealedBuffers[i].Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(sealedBuffers[i]);
                }
            }
        }
    }

    private static async Task WriteAfterAsync(Task previousWrite, Task<ReadOnlyMemory<byte>> stored, BlobWriter writer, CancellationToken cancellationToken)
    {
        await previousWrite;
        await writer.WriteAsync(await stored, cancellationToken);
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
