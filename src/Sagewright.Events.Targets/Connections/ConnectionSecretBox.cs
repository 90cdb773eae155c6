using System.Security.Cryptography;
using System.Text;
using Sagewright.Data;

namespace Sagewright.Events.Targets.Connections;

/// <summary>
/// Seals connection secrets with AES-256-GCM under a key kept in a file beside the data (not in the database, so a
/// copy of the database alone reveals no password), bound to the connection's ARN so a sealed value moved onto
/// another row does not open. Sagewright's KMS module is not used: service modules do not reference each other, and
/// these secrets must open without a caller's KMS permissions when a rule fires.
/// </summary>
internal sealed class ConnectionSecretBox(EventTargetsOptions options, IDatabase database)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private byte[]? _key;

    private byte[] Key => _key ?? throw new InvalidOperationException("Connection secrets were used before the startup task loaded their key.");

    /// <summary>
    /// Reads the key file, creating it only while no connection exists: a lost key with sealed secrets in the
    /// database stops the server at start instead of failing every delivery.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var path = options.SecretsKeyFile ?? throw new InvalidOperationException("EventTargetsOptions.SecretsKeyFile is not set.");
        if (!File.Exists(path))
        {
            var sealedCount = await database.ReadAsync(TargetsStore.CountConnectionsAsync, cancellationToken);
            if (sealedCount > 0)
            {
                throw new InvalidOperationException(
                    $"The connection secrets key {path} is missing, but the database holds {sealedCount} connection(s) sealed with it. Restore the file.");
            }
            WriteNewKeyFile(path);
        }
        Use(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    /// <summary>For tests and for <see cref="LoadAsync"/>.</summary>
    public void Use(byte[] key) =>
        _key = key.Length == 32 ? key : throw new InvalidOperationException("A connection secrets key has 32 bytes.");

    /// <summary>nonce | tag | ciphertext.</summary>
    public byte[] Seal(string plaintext, string connectionArn)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var box = new byte[NonceBytes + TagBytes + clear.Length];
        RandomNumberGenerator.Fill(box.AsSpan(0, NonceBytes));
        using (var aes = new AesGcm(Key, TagBytes))
        {
            aes.Encrypt(box.AsSpan(0, NonceBytes), clear, box.AsSpan(NonceBytes + TagBytes), box.AsSpan(NonceBytes, TagBytes),
                Encoding.UTF8.GetBytes(connectionArn));
        }
        CryptographicOperations.ZeroMemory(clear);
        return box;
    }

    public string Open(byte[] box, string connectionArn)
    {
        var clear = new byte[box.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(Key, TagBytes);
        aes.Decrypt(box.AsSpan(0, NonceBytes), box.AsSpan(NonceBytes + TagBytes), box.AsSpan(NonceBytes, TagBytes), clear,
            Encoding.UTF8.GetBytes(connectionArn));
        return Encoding.UTF8.GetString(clear);
    }

    /// <summary>Written aside (0600) and linked into place, so replicas starting together end up with one key.</summary>
    private static void WriteNewKeyFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var aside = path + "." + Guid.NewGuid().ToString("N");
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new FileStream(aside, create))
        using (var writer = new StreamWriter(file, Encoding.ASCII))
        {
            writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(aside, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(aside);
        }
    }
}
