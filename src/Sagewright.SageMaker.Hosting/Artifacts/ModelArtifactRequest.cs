namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>One container's model data, for the model that uses it.</summary>
/// <param name="ModelArn">The model's ARN: <c>aws:SourceArn</c> when the execution role is assumed.</param>
/// <param name="VersionKey">
/// Identifies one immutable version of the model (e.g. its ARN and creation time): a new key means a new unpack, the
/// same key reuses what was unpacked. Any text; it is hashed into the directory name.
/// </param>
/// <param name="ContainerIndex">The container's position in the model (0 for PrimaryContainer).</param>
/// <param name="ContainerHostname">Named in failure reasons of multi-container models; null for a single container.</param>
public sealed record ModelArtifactRequest(
    string AccountId,
    string Region,
    string ModelName,
    string ModelArn,
    string VersionKey,
    string ExecutionRoleArn,
    int ContainerIndex,
    ModelDataLocation Source,
    string? ContainerHostname = null);

/// <summary>A container's ModelDataUrl, or its ModelDataSource.S3DataSource.</summary>
/// <param name="S3Uri"><c>s3://bucket/key</c>, or a key prefix ending in <c>/</c> for <see cref="ModelDataKind.Prefix"/>.</param>
public sealed record ModelDataLocation(string S3Uri, ModelDataKind Kind = ModelDataKind.GzipArchive)
{
    /// <summary>From a ContainerDefinition's ModelDataSource.S3DataSource fields (S3DataType, CompressionType).</summary>
    public static ModelDataLocation FromS3DataSource(string s3Uri, string s3DataType, string compressionType) =>
        (s3DataType, compressionType) switch
        {
            ("S3Prefix", _) => new(s3Uri, ModelDataKind.Prefix),
            ("S3Object", "None") => new(s3Uri, ModelDataKind.Object),
            _ => new(s3Uri, ModelDataKind.GzipArchive),
        };
}

public enum ModelDataKind
{
    /// <summary>A <c>model.tar.gz</c> object, unpacked into the model directory (ModelDataUrl, or S3Object + Gzip).</summary>
    GzipArchive,

    /// <summary>One uncompressed object, stored under the last segment of its key (S3Object + None).</summary>
    Object,

    /// <summary>Every object under a key prefix, at its key minus the prefix (S3Prefix + None).</summary>
    Prefix,
}
