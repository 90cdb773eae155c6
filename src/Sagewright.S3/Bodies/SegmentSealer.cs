using System.IO.Hashing;
using System.Security.Cryptography;

namespace Sagewright.S3.Bodies;

/// <summary>
/// The per-buffer CPU work of an upload, run off the network-reading path: the content digest, the flexible
/// checksums, and sealing into 64 KiB chunks when encrypted.
/// </summary>
internal sealed class SegmentSealer : IDisposable
{
    private readonly ChunkCipher? _cipher;
    private readonly IncrementalHash? _md5;
    private readonly XxHash128? _xxHash;
    private readonly Dictionary<ChecksumAlgorithm, Checksums.IncrementalChecksum> _checksums;
    private long _chunk;

    public SegmentSealer(byte[]? dataKey, byte[]? nonce, long length, ContentDigest digest, IReadOnlyCollection<ChecksumAlgorithm> checksums)
    {
        _cipher = dataKey is null ? null : new ChunkCipher(dataKey, nonce!, length);
        _md5 = digest == ContentDigest.Md5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        _xxHash = digest == ContentDigest.XxHash128 ? new XxHash128() : null;
        _checksums = checksums.ToDictionary(a => a, Bodies.Checksums.Create);
    }

    /// <summary>
    /// Hashes up to 1 MiB (16 chunks) and, when encrypted, seals it into <paramref name="sealedBuffer"/>, on the thread
    /// pool; returns the bytes to store. Calls must not overlap: the hashes and the chunk counter run in order.
    /// </summary>
    public Task<ReadOnlyMemory<byte>> SealAsync(byte[] buffer, int count, byte[]? sealedBuffer) => Task.Run(() =>
    {
        var data = buffer.AsSpan(0, count);
        _md5?.AppendData(data);
        _xxHash?.Append(data);
        foreach (var checksum in _checksums.Values)
        {
            checksum.Append(data);
        }
        if (_cipher is null)
        {
            return (ReadOnlyMemory<byte>)buffer.AsMemory(0, count);
        }
        var written = 0;
        for (var offset = 0; offset < count; offset += ChunkedEncryption.ChunkSize, _chunk++)
        {
            var size = Math.Min(ChunkedEncryption.ChunkSize, count - offset);
            _cipher.Encrypt(_chunk, buffer.AsSpan(offset, size), sealedBuffer.AsSpan(written, size + ChunkedEncryption.TagSize));
            written += size + ChunkedEncryption.TagSize;
        }
        return sealedBuffer.AsMemory(0, written);
    });

    public byte[] Digest() => _md5?.GetHashAndReset() ?? _xxHash!.GetCurrentHash();

    public IReadOnlyDictionary<ChecksumAlgorithm, string> Checksums() =>
        _checksums.ToDictionary(c => c.Key, c => Convert.ToBase64String(c.Value.Finish()));

    public void Dispose()
    {
        _cipher?.Dispose();
        _md5?.Dispose();
    }
}
