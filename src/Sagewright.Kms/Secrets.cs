using System.Security.Cryptography;

namespace Sagewright.Kms;

internal static class Secrets
{
    /// <summary>Uses a secret (key material, a data key, a plaintext), then overwrites it so it does not linger in memory until collected.</summary>
    public static T Wiping<T>(byte[] secret, Func<byte[], T> use)
    {
        try
        {
            return use(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
