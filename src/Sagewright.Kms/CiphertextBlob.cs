using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sagewright.Kms;

/// <summary>
/// The ciphertext blobs Encrypt and GenerateDataKey return, and the only form Decrypt accepts:
/// <code>
/// [version 1][n: 1 byte][key ARN: n bytes UTF-8][nonce: 12][tag: 16][AES-256-GCM ciphertext]
/// </code>
/// The key ARN travels in clear so Decrypt can find the key without a KeyId; it is authenticated, together with the
/// encryption context, as the GCM associated data, so changing either (or any other byte) fails decryption.
/// </summary>
internal static class CiphertextBlob
{
    public const byte Version1 = 1;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    // Random 96-bit nonces are safe for 2^32 encryptions under one key (NIST SP 800-38D), far beyond what one
    // KMS key sees here; AWS itself derives a fresh key per request to go further.
    public static byte[] Seal(ReadOnlySpan<byte> keyMaterial, string keyArn, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string> context)
    {
        var header = Header(keyArn);
        var blob = new byte[header.Length + NonceSize + TagSize + plaintext.Length];
        header.CopyTo(blob, 0);
        var nonce = blob.AsSpan(header.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keyMaterial, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(header.Length + NonceSize + TagSize), blob.AsSpan(header.Length + NonceSize, TagSize),
            AssociatedData(header, context));
        return blob;
    }

    /// <summary>The key ARN a blob names, or null when it is not a blob of a version this server writes.</summary>
    public static string? KeyArnOf(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 2 || blob[0] != Version1)
        {
            return null;
        }
        var arnLength = blob[1];
        if (blob.Length < 2 + arnLength + NonceSize + TagSize)
        {
            return null;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(blob.Slice(2, arnLength));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Decrypts and authenticates; false when the blob, its key or the context do not match.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> keyMaterial, ReadOnlySpan<byte> blob, IReadOnlyDictionary<string, string> context, out byte[] plaintext)
    {
        plaintext = [];
        if (KeyArnOf(blob) is null)
        {
            return false;
        }
        var headerLength = 2 + blob[1];
        var body = blob[(headerLength + NonceSize + TagSize)..];
        var result = new byte[body.Length];
        try
        {
            using var aes = new AesGcm(keyMaterial, TagSize);
            aes.Decrypt(blob.Slice(headerLength, NonceSize), body, blob.Slice(headerLength + NonceSize, TagSize), result,
                AssociatedData(blob[..headerLength], context));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        plaintext = result;
        return true;
    }

    private static byte[] Header(string keyArn)
    {
        var arn = Encoding.UTF8.GetBytes(keyArn);
        if (arn.Length > byte.MaxValue)
        {
            throw new ArgumentException($"A key ARN of {arn.Length} bytes does not fit the ciphertext header.", nameof(keyArn));
        }
        return [Version1, (byte)arn.Length, .. arn];
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, IReadOnlyDictionary<string, string> context) =>
        [.. header, .. CanonicalContext(context)];

    /// <summary>
    /// The encryption context as bytes that differ whenever the context differs: entries sorted by key (ordinal),
    /// preceded by their count, every key and value preceded by its byte length (big-endian 32-bit).
    /// </summary>
    public static byte[] CanonicalContext(IReadOnlyDictionary<string, string> context)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, context.Count);
        buffer.Write(length);
        foreach (var (key, value) in context.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var text in (ReadOnlySpan<string>)[key, value])
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
                buffer.Write(length);
                buffer.Write(bytes);
            }
        }
        return buffer.ToArray();
    }
}
