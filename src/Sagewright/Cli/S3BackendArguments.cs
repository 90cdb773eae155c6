using System.CommandLine;
using Sagewright.S3;

namespace Sagewright.Cli;

/// <summary>
/// `serve` flags for where S3 keeps object bytes. Each flag falls back to an environment variable, which is the
/// better place for the secret key (command lines are visible to every user of the machine).
/// </summary>
public static class S3BackendArguments
{
    public static readonly Option<string?> Endpoint = Flag("endpoint", "URL of an external S3-compatible store for object bytes (e.g. http://minio:9000)");
    public static readonly Option<string?> Bucket = Flag("bucket", "Bucket in the external store (must exist)");
    public static readonly Option<string?> AccessKey = Flag("access-key", "Access key id for the external store");
    public static readonly Option<string?> SecretKey = Flag("secret-key", "Secret access key for the external store");
    public static readonly Option<string?> Region = Flag("region", "Signing region of the external store (default us-east-1)");
    public static readonly Option<string?> Prefix = Flag("prefix", "Key prefix for blobs in the bucket (default: none)");
    public static readonly Option<string?> SseKeyFile = new("--s3-sse-key-file")
    {
        Description = "SSE-S3 wrapping key file (default DATA_DIR/s3/sse-s3.key); replicas must share it. Also SAGEWRIGHT_S3_SSE_KEY_FILE.",
    };

    public static IEnumerable<Option> All => [Endpoint, Bucket, AccessKey, SecretKey, Region, Prefix, SseKeyFile];

    public static string? SseS3KeyFile(ParseResult parse) => parse.GetValue(SseKeyFile) ?? Environment.GetEnvironmentVariable("SAGEWRIGHT_S3_SSE_KEY_FILE");

    /// <summary>The external store's settings, null when none is configured; an error when they are incomplete.</summary>
    public static (S3BackendOptions? Backend, string? Error) Read(ParseResult parse)
    {
        var endpoint = Value(parse, Endpoint);
        var bucket = Value(parse, Bucket);
        var accessKey = Value(parse, AccessKey);
        var secretKey = Value(parse, SecretKey);
        if (endpoint is null && bucket is null)
        {
            return (null, null);
        }
        if (endpoint is null || bucket is null || accessKey is null || secretKey is null)
        {
            return (null, "An external S3 store needs --s3-backend-endpoint, --s3-backend-bucket, --s3-backend-access-key and --s3-backend-secret-key "
                + "(or SAGEWRIGHT_S3_BACKEND_ENDPOINT, _BUCKET, _ACCESS_KEY, _SECRET_KEY).");
        }
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            return (null, $"--s3-backend-endpoint must be an http(s) URL, got '{endpoint}'.");
        }
        return (new S3BackendOptions
        {
            Endpoint = endpoint,
            Bucket = bucket,
            AccessKeyId = accessKey,
            SecretAccessKey = secretKey,
            Region = Value(parse, Region) ?? "us-east-1",
            KeyPrefix = Value(parse, Prefix) ?? "",
        }, null);
    }

    private static Option<string?> Flag(string name, string description) => new($"--s3-backend-{name}")
    {
        Description = $"{description}. Also {EnvironmentVariable(name)}.",
    };

    private static string EnvironmentVariable(string name) => "SAGEWRIGHT_S3_BACKEND_" + name.Replace('-', '_').ToUpperInvariant();

    private static string? Value(ParseResult parse, Option<string?> option)
    {
        var value = parse.GetValue(option) ?? Environment.GetEnvironmentVariable(EnvironmentVariable(option.Name["--s3-backend-".Length..]));
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
