using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sagewright.SigV4;

/// <summary>
/// Derived signing keys, one per secret and credential scope: deriving costs four HMACs, and a key is reused for a whole day
/// of requests. Bounded by clearing when full, which only costs re-derivation.
/// </summary>
internal static class SigningKeyCache
{
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<Scope, byte[]> Keys = new();
    private static int count;

    /// <summary>The returned array is shared: callers must not modify it.</summary>
    public static byte[] GetOrDerive(string secretAccessKey, string date, string region, string service)
    {
        var scope = new Scope(secretAccessKey, date, region, service);
        if (Keys.TryGetValue(scope, out var cached))
        {
            return cached;
        }

        var key = Derive(secretAccessKey, date, region, service);
        if (Keys.TryAdd(scope, key) && Interlocked.Increment(ref count) > Capacity)
        {
            Keys.Clear();
            Interlocked.Exchange(ref count, 0);
        }

        return key;
    }

    internal static byte[] Derive(string secretAccessKey, string date, string region, string service)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        var dateKey = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(date));
        var regionKey = HMACSHA256.HashData(dateKey, Encoding.UTF8.GetBytes(region));
        var serviceKey = HMACSHA256.HashData(regionKey, Encoding.UTF8.GetBytes(service));
        CryptographicOperations.ZeroMemory(secret);
        return HMACSHA256.HashData(serviceKey, "aws4_request"u8);
    }

    private readonly record struct Scope(string Secret, string Date, string Region, string Service);
}
