namespace Sagewright.S3;

/// <summary>
/// An external S3-compatible store holding the object bytes (blobs), so several replicas share one storage.
/// Blobs are objects <c>{KeyPrefix}{blob id}</c> in <see cref="Bucket"/>.
/// </summary>
public sealed class S3BackendOptions
{
    /// <summary>The store's endpoint URL, e.g. https://s3.us-east-1.amazonaws.com or http://minio:9000 (path-style requests).</summary>
    public required string Endpoint { get; set; }

    public required string Bucket { get; set; }
    public required string AccessKeyId { get; set; }
    public required string SecretAccessKey { get; set; }
    public string Region { get; set; } = "us-east-1";
    public string KeyPrefix { get; set; } = "";

    /// <summary>Blobs larger than this are sent as multipart uploads (a single PUT is limited to 5 GiB).</summary>
    public long MultipartThreshold { get; set; } = 64L * 1024 * 1024;

    /// <summary>Size of every part of a multipart upload but the last (S3 needs at least 5 MiB).</summary>
    public long PartSize { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Where a blob (or one part of a large blob) is staged on local disk before it is sent, so the SDK can retry a
    /// failed request from the start; the system's temp directory when unset.
    /// </summary>
    public string? SpoolDirectory { get; set; }
}
