using System.Security.Cryptography;
using System.Text;

namespace Sagewright.Hosting;

/// <summary>
/// /metrics is not anonymous: scrapers present "Authorization: Bearer &lt;token&gt;" with the token kept in
/// DATA_DIR/metrics-token (mode 0600), the way Prometheus' bearer_token_file expects.
/// </summary>
public sealed class MetricsToken(string token)
{
    public static MetricsToken LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "metrics-token");
        if (!File.Exists(path))
        {
            SecretFile.Write(path, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");
        }
        return new MetricsToken(File.ReadAllText(path).Trim());
    }

    public bool Accepts(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.Ordinal) &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}

public static class SecretFile
{
    /// <summary>Writes a file readable only by its owner (0600), atomically.</summary>
    public static void Write(string path, string content)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, path, overwrite: true);
    }
}
