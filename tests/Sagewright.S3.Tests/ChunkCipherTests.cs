using System.Security.Cryptography;
using Sagewright.S3.Bodies;

namespace Sagewright.S3.Tests;

public class ChunkCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(3 * 65536 + 5)]
    public void EncryptThenDecrypt_EveryChunk_GivesThePlaintextBack(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var (stored, nonce) = Seal(plaintext);
        Assert.Equal(ChunkedEncryption.StoredLength(size), stored.Length);
        Assert.Equal(plaintext, Open(stored, nonce, size));
    }

    [Fact]
    public void Decrypt_WhenAnyByteIsFlipped_ThrowsStoredDataCorrupt()
    {
        var plaintext = RandomNumberGenerator.GetBytes(2 * 65536 + 10);
        var (stored, nonce) = Seal(plaintext);
        foreach (var position in new[] { 0, 65535, 65536 + 8, stored.Length - 1 })
        {
            var tampered = (byte[])stored.Clone();
            tampered[position] ^= 0x01;
            Assert.Throws<StoredDataCorruptException>(() => Open(tampered, nonce, plaintext.Length));
        }
    }

    [Fact]
    public void Decrypt_WhenChunksAreSwapped_ThrowsStoredDataCorrupt()
    {
        var plaintext = RandomNumberGenerator.GetBytes(3 * 65536);
        var (stored, nonce) = Seal(plaintext);
        var swapped = new byte[stored.Length];
        var chunk = ChunkedEncryption.StoredChunkSize;
        Array.Copy(stored, chunk, swapped, 0, chunk);
        Array.Copy(stored, 0, swapped, chunk, chunk);
        Array.Copy(stored, 2 * chunk, swapped, 2 * chunk, chunk);
        Assert.Throws<StoredDataCorruptException>(() => Open(swapped, nonce, plaintext.Length));
    }

    [Fact]
    public void Decrypt_WhenTheLastChunkIsDroppedAtABoundary_ThrowsStoredDataCorrupt()
    {
        // Truncating a 3-chunk segment to 2 whole chunks and claiming 2 chunks of plaintext must fail: chunk 1 was not sealed as last.
        var plaintext = RandomNumberGenerator.GetBytes(3 * 65536);
        var (stored, nonce) = Seal(plaintext);
        var truncated = stored.AsSpan(0, 2 * ChunkedEncryption.StoredChunkSize).ToArray();
        Assert.Throws<StoredDataCorruptException>(() => Open(truncated, nonce, 2 * 65536));
    }

    [Fact]
    public void Decrypt_WithAnotherKey_ThrowsStoredDataCorrupt()
    {
        var plaintext = RandomNumberGenerator.GetBytes(100);
        var (stored, nonce) = Seal(plaintext);
        using var other = new ChunkCipher(RandomNumberGenerator.GetBytes(32), nonce, plaintext.Length);
        Assert.Throws<StoredDataCorruptException>(() => other.Decrypt(0, stored, new byte[100]));
    }

    private static (byte[] Stored, byte[] Nonce) Seal(byte[] plaintext)
    {
        var nonce = ChunkedEncryption.NewNoncePrefix();
        using var cipher = new ChunkCipher(Key, nonce, plaintext.Length);
        var stored = new byte[ChunkedEncryption.StoredLength(plaintext.Length)];
        for (long chunk = 0, at = 0, to = 0; at < plaintext.Length; chunk++, at += ChunkedEncryption.ChunkSize, to += ChunkedEncryption.StoredChunkSize)
        {
            var size = (int)Math.Min(ChunkedEncryption.ChunkSize, plaintext.Length - at);
            cipher.Encrypt(chunk, plaintext.AsSpan((int)at, size), stored.AsSpan((int)to, size + ChunkedEncryption.TagSize));
        }
        return (stored, nonce);
    }

    private static byte[] Open(byte[] stored, byte[] nonce, int plaintextLength)
    {
        using var cipher = new ChunkCipher(Key, nonce, plaintextLength);
        var plaintext = new byte[plaintextLength];
        for (long chunk = 0, at = 0, from = 0; from < stored.Length; chunk++, at += ChunkedEncryption.ChunkSize, from += ChunkedEncryption.StoredChunkSize)
        {
            var size = (int)Math.Min(ChunkedEncryption.StoredChunkSize, stored.Length - from);
            cipher.Decrypt(chunk, stored.AsSpan((int)from, size), plaintext.AsSpan((int)at));
        }
        return plaintext;
    }
}
