using System.Net;
using System.Text;

namespace Sagewright.S3;

/// <summary>S3's naming rules for general purpose buckets and object keys.</summary>
internal static class BucketNames
{
    public static void Validate(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            throw S3Errors.InvalidBucketName(name, "bucket names must be between 3 and 63 characters long.");
        }
        if (!name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-'))
        {
            throw S3Errors.InvalidBucketName(name, "bucket names can consist only of lowercase letters, numbers, dots (.), and hyphens (-).");
        }
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            throw S3Errors.InvalidBucketName(name, "bucket names must begin and end with a letter or number.");
        }
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal))
        {
            throw S3Errors.InvalidBucketName(name, "bucket names must not contain two adjacent periods or a period next to a hyphen.");
        }
        if (IPAddress.TryParse(name, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && name.Count(c => c == '.') == 3)
        {
            throw S3Errors.InvalidBucketName(name, "bucket names must not be formatted as an IP address.");
        }
        if (name.StartsWith("xn--", StringComparison.Ordinal) || name.StartsWith("sthree-", StringComparison.Ordinal)
            || name.EndsWith("-s3alias", StringComparison.Ordinal) || name.EndsWith("--ol-s3", StringComparison.Ordinal))
        {
            throw S3Errors.InvalidBucketName(name, "bucket names must not use the reserved prefixes xn--, sthree- or the suffixes -s3alias, --ol-s3.");
        }
    }

    public static void ValidateKey(string key)
    {
        var size = Encoding.UTF8.GetByteCount(key);
        if (size > 1024)
        {
            throw S3Errors.KeyTooLong(size);
        }
    }

    public static string BucketArn(string bucket) => "arn:aws:s3:::" + bucket;

    public static string ObjectArn(string bucket, string key) => $"arn:aws:s3:::{bucket}/{key}";
}
