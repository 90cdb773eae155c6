using System.Security.Cryptography;

namespace Sagewright.S3.Tests;

/// <summary>Reproducible pseudo-random bytes, produced in 1 MiB chunks so large blobs are never held whole.</summary>
internal static class TestBytes
{
    private const int ChunkSize = 1024 * 1024;

    public static IEnumerable<byte[]> Chunks(long length, int seed)
    {
        var random = new Random(seed);
        for (long produced = 0; produced < length; produced += ChunkSize)
        {
            var chunk = new byte[Math.Min(ChunkSize, length - produced)];
            random.NextBytes(chunk);
            yield return chunk;
        }
    }

    public static byte[] Make(long length, int seed)
    {
        var bytes = new byte[length];
        var at = 0;
        foreach (var chunk in Chunks(length, seed))
        {
            chunk.CopyTo(bytes, at);
            at += chunk.Length;
        }
        return bytes;
    }

    public static byte[] Sha256(long length, int seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in Chunks(length, seed))
        {
            hash.AppendData(chunk);
        }
        return hash.GetHashAndReset();
    }
}
