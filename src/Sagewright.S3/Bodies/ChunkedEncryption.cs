using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sagewright.S3.Bodies;

/// <summary>
/// How object data is encrypted at rest: AES-256-GCM over 64 KiB plaintext chunks, each stored as
/// ciphertext followed by its 16-byte tag, so a ranged GET decrypts only the chunks it touches.
/// The nonce is a per-segment random 8-byte prefix plus the chunk index; the associated data binds the chunk
/// index and whether it is the last chunk, so chunks cannot be reordered, dropped or the blob truncated at a
/// chunk boundary without failing authentication.
/// </summary>
public static class ChunkedEncryption
{
    public const int ChunkSize = 64 * 1024;
    public const int TagSize = 16;
    public const int StoredChunkSize = ChunkSize + TagSize;
    public const int NoncePrefixSize = 8;

    public static long ChunkCount(long plaintextLength) => (plaintextLength + ChunkSize - 1) / ChunkSize;

    public static long StoredLength(long plaintextLength) => plaintextLength + ChunkCount(plaintextLength) * TagSize;

    public static byte[] NewNoncePrefix() => RandomNumberGenerator.GetBytes(NoncePrefixSize);

    internal static void Nonce(ReadOnlySpan<byte> prefix, long chunk, Span<byte> nonce)
    {
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[NoncePrefixSize..], checked((uint)chunk));
    }

    internal static void AssociatedData(long chunk, bool last, Span<byte> aad)
    {
        "SWS3"u8.CopyTo(aad);
        aad[4] = 1; // format version
        BinaryPrimitives.WriteUInt32BigEndian(aad[5..], checked((uint)chunk));
        aad[9] = last ? (byte)1 : (byte)0;
    }

    internal const int AssociatedDataSize = 10;
}

/// <summary>Encrypts or decrypts the chunks of one segment under one data key.</summary>
public sealed class ChunkCipher(byte[] dataKey, byte[] noncePrefix, long plaintextLength) : IDisposable
{
    private readonly AesGcm _aes = new(dataKey, ChunkedEncryption.TagSize);
    private readonly long _lastChunk = ChunkedEncryption.ChunkCount(plaintextLength) - 1;

    /// <summary>Writes ciphertext then tag into <paramref name="stored"/> (plaintext.Length + 16 bytes).</summary>
    public void Encrypt(long chunk, ReadOnlySpan<byte> plaintext, Span<byte> stored)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[ChunkedEncryption.AssociatedDataSize];
        ChunkedEncryption.Nonce(noncePrefix, chunk, nonce);
        ChunkedEncryption.AssociatedData(chunk, chunk == _lastChunk, aad);
        _aes.Encrypt(nonce, plaintext, stored[..plaintext.Length], stored.Slice(plaintext.Length, ChunkedEncryption.TagSize), aad);
    }

    /// <summary>Decrypts one stored chunk (ciphertext + tag) into <paramref name="plaintext"/>; tampering throws.</summary>
    public void Decrypt(long chunk, ReadOnlySpan<byte> stored, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[ChunkedEncryption.AssociatedDataSize];
        ChunkedEncryption.Nonce(noncePrefix, chunk, nonce);
        ChunkedEncryption.AssociatedData(chunk, chunk == _lastChunk, aad);
        var length = stored.Length - ChunkedEncryption.TagSize;
        try
        {
            _aes.Decrypt(nonce, stored[..length], stored[length..], plaintext[..length], aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new StoredDataCorruptException($"Chunk {chunk} of an encrypted object failed authentication.", e);
        }
    }

    public void Dispose() => _aes.Dispose();
}

/// <summary>Stored bytes do not match what was written (tampering or disk corruption): never served.</summary>
public sealed class StoredDataCorruptException(string message, Exception? inner = null) : Exception(message, inner);
