using System.Security.Cryptography;
using System.Text;

namespace Sagewright.Kms;

/// <summary>
/// The 256-bit key that encrypts every KMS key's material before it is stored, read from a file outside the
/// database (see <see cref="KmsOptions.MasterKeyFile"/>). Material is sealed with AES-256-GCM and bound to its key's
/// ARN, so a sealed value copied onto another key's row does not open.
/// </summary>
internal sealed class MasterKey
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public MasterKey(byte[] key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A master key has {KeySize} bytes, not {key.Length}.", nameof(key));
        }
        _key = key;
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(key, "sagewright kms master key id"u8)[..8]);
    }

    /// <summary>A fingerprint that names the key without revealing it, stored next to what it sealed.</summary>
    public string Id { get; }

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(KeySize));

    /// <summary>nonce (12) | tag (16) | ciphertext.</summary>
    public byte[] Seal(ReadOnlySpan<byte> material, string keyArn)
    {
        var sealedMaterial = new byte[NonceSize + TagSize + material.Length];
        var nonce = sealedMaterial.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, material, sealedMaterial.AsSpan(NonceSize + TagSize), sealedMaterial.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(keyArn));
        return sealedMaterial;
    }

    /// <summary>Throws <see cref="AuthenticationTagMismatchException"/> when the value was not sealed for this key ARN by this master key.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedMaterial, string keyArn)
    {
        var material = new byte[sealedMaterial.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedMaterial[..NonceSize], sealedMaterial[(NonceSize + TagSize)..], sealedMaterial.Slice(NonceSize, TagSize), material,
            Encoding.UTF8.GetBytes(keyArn));
        return material;
    }

    /// <summary>
    /// Reads the key file, or creates it (mode 0600) when <paramref name="mayCreate"/>. Replicas starting together
    /// race safely: the file is written aside and moved into place only if none is there yet.
    /// </summary>
    public static MasterKey LoadOrCreate(string path, bool mayCreate)
    {
        if (!File.Exists(path))
        {
            if (!mayCreate)
            {
                throw new InvalidOperationException(
                    $"The KMS master key file {path} is missing, but the database holds KMS keys sealed by a master key. " +
                    "Restore the file (or point KmsOptions.MasterKeyFile at it); without it those keys cannot be used.");
            }
            CreateFile(path);
        }
        var text = File.ReadAllText(path).Trim();
        try
        {
            return new MasterKey(Convert.FromBase64String(text));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidOperationException($"The KMS master key file {path} does not hold a base64-encoded 32-byte key.", e);
        }
    }

    private static void CreateFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize)) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another process created it first: use theirs
        }
    }
}
