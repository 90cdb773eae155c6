using System.IO.Hashing;
using System.Security.Cryptography;
using Sagewright.S3.Blobs;

namespace Sagewright.S3.Bodies;

/// <summary>
/// The per-buffer work of an upload, run off the network-reading path: the content digest, the flexible checksums,
/// sealing into 64 KiB chunks when encrypted, and the write. Buffers are processed one at a time, in order.
/// </summary>
internal sealed class SegmentSealer : IDisposable
{
    private readonly BlobWriter _writer;
    private readonly ChunkCipher? _cipher;
    private readonly IncrementalHash? _md5;
    private readonly XxHash128? _xxHash;
    private readonly Dictionary<ChecksumAlgorithm, Checksums.IncrementalChecksum> _checksums;
    private readonly byte[]? _sealed;
    private long _chunk;

    public SegmentSealer(BlobWriter writer, byte[]? dataKey, byte[]? nonce, long length, ContentDigest digest, IReadOnlyCollection<ChecksumAlgorithm> checksums)
    {
        _writer = writer;
        _cipher = dataKey is null ? null : new ChunkCipher(dataKey, nonce!, length);
        _sealed = dataKey is null ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(16 * ChunkedEncryption.StoredChunkSize);
        _md5 = digest == ContentDigest.Md5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        _xxHash = digest == ContentDigest.XxHash128 ? new XxHash128() : null;
        _checksums = checksums.ToDictionary(a => a, Bodies.Checksums.Create);
    }

    /// <summary>Processes up to 1 MiB (16 chunks) on the thread pool, so the caller can read the next buffer meanwhile.</summary>
    public Task ProcessAsync(byte[] buffer, int count, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        var data = buffer.AsMemory(0, count);
        _md5?.AppendData(data.Span);
        _xxHash?.Append(data.Span);
        foreach (var checksum in _checksums.Values)
        {
            checksum.Append(data.Span);
        }
        if (_cipher is null)
        {
            await _writer.WriteAsync(data, cancellationToken);
            return;
        }
        var written = 0;
        for (var offset = 0; offset < count; offset += ChunkedEncryption.ChunkSize, _chunk++)
        {
            var size = Math.Min(ChunkedEncryption.ChunkSize, count - offset);
            _cipher.Encrypt(_chunk, buffer.AsSpan(offset, size), _sealed.AsSpan(written, size + ChunkedEncryption.TagSize));
            written += size + ChunkedEncryption.TagSize;
        }
        await _writer.WriteAsync(_sealed.AsMemory(0, written), cancellationToken);
    }, cancellationToken);

    public byte[] Digest() => _md5?.GetHashAndReset() ?? _xxHash!.GetCurrentHash();

    public IReadOnlyDictionary<ChecksumAlgorithm, string> Checksums() =>
        _checksums.ToDictionary(c => c.Key, c => Convert.ToBase64String(c.Value.Finish()));

    public void Dispose()
    {
        _cipher?.Dispose();
        _md5?.Dispose();
        if (_sealed is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(_sealed);
        }
    }
}
