using System.Security.Cryptography;

namespace Sagewright.S3;

/// <summary>
/// SSE-S3 (x-amz-server-side-encryption: AES256): each object's data key wrapped with S3's own 256-bit key, kept in a
/// file outside the metadata database (mode 0600; shared by replicas through S3Options.SseS3KeyFile).
/// </summary>
public sealed class SseS3Keys
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SseS3Keys(string keyFile)
    {
        _key = LoadOrCreate(keyFile);
    }

    public (byte[] Plaintext, string Wrapped) NewDataKey()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = new byte[NonceSize + dataKey.Length + TagSize];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, dataKey, wrapped.AsSpan(NonceSize, dataKey.Length), wrapped.AsSpan(NonceSize + dataKey.Length), "sse-s3"u8);
        return (dataKey, Convert.ToBase64String(wrapped));
    }

    public byte[] Unwrap(string wrapped)
    {
        var bytes = Convert.FromBase64String(wrapped);
        var dataKey = new byte[bytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize, dataKey.Length), bytes.AsSpan(NonceSize + dataKey.Length), dataKey, "sse-s3"u8);
        return dataKey;
    }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            return existing.Length == 32 ? existing : throw new InvalidOperationException($"{path} must hold exactly 32 bytes (S3's SSE-S3 key).");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new FileStream(temp, fileOptions))
        {
            file.Write(key);
            file.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            File.Delete(temp);
            return File.ReadAllBytes(path);
        }
        return key;
    }
}
