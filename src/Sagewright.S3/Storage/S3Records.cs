using System.Text.Json.Nodes;
using Sagewright.S3.Bodies;

namespace Sagewright.S3.Storage;

/// <param name="Policy">The bucket policy document, if any.</param>
/// <param name="Encryption">The default encryption rule (ServerSideEncryptionConfiguration in JSON-protocol form), if any.</param>
/// <param name="Tags">The bucket's TagSet in JSON-protocol form, if any.</param>
public sealed record Bucket(string Name, string AccountId, string Region, DateTimeOffset CreatedAt, string? Policy, string? Encryption, string? Tags);

/// <summary>One stretch of an object's bytes: the whole object for PutObject, one part for multipart objects.</summary>
/// <param name="Blob">The blob holding the bytes; null when they are <paramref name="Inline"/>.</param>
/// <param name="Size">Plaintext bytes.</param>
/// <param name="StoredSize">Bytes stored (more than Size when encrypted: one tag per chunk).</param>
/// <param name="Nonce">Base64 nonce prefix when the segment is encrypted.</param>
/// <param name="Inline">Base64 of the stored bytes of a small segment, kept in the metadata row instead of a blob.</param>
public sealed record Segment(string? Blob, long Size, long StoredSize, string? Nonce, string? Inline = null)
{
    /// <summary>The blob ids of the segments that have one.</summary>
    public static IEnumerable<string> BlobsOf(IEnumerable<Segment> segments) => segments.Where(s => s.Blob is not null).Select(s => s.Blob!);
}

/// <summary>How an object's data key is kept: wrapped by KMS (aws:kms) or by S3's own key (AES256).</summary>
/// <param name="WrappedKey">Base64 of the encrypted data key (a KMS ciphertext blob for aws:kms).</param>
/// <param name="Context">Base64 JSON of the caller's extra encryption context (x-amz-server-side-encryption-context), if any.</param>
public sealed record SealedKey(string Algorithm, string? KmsKeyArn, string WrappedKey, string? Context, bool BucketKeyEnabled)
{
    public const string Kms = "aws:kms";
    public const string S3Managed = "AES256";
}

/// <summary>A full-object or composite flexible checksum (COMPOSITE values end in "-N").</summary>
public sealed record ObjectChecksum(ChecksumAlgorithm Algorithm, string Value, string Type);

/// <param name="Tags">The object's TagSet in JSON-protocol form ([{"Key":..,"Value":..}]), if it has tags.</param>
/// <param name="Headers">Stored response headers in JSON-protocol form: ContentType, CacheControl, ContentDisposition,
/// ContentEncoding, ContentLanguage, Expires, WebsiteRedirectLocation, Metadata.</param>
public sealed record StoredObject(
    string Bucket,
    string Key,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    JsonObject Headers,
    string StorageClass,
    IReadOnlyList<Segment> Segments,
    SealedKey? Encryption,
    ObjectChecksum? Checksum,
    int? PartsCount,
    string? Tags = null);

/// <summary>A listing row: what ListObjects needs, without the segments.</summary>
public sealed record ObjectSummary(string Key, long Size, string ETag, DateTimeOffset LastModified, string StorageClass, ObjectChecksum? Checksum);

public sealed record MultipartUpload(
    string UploadId,
    string Bucket,
    string Key,
    DateTimeOffset Initiated,
    string InitiatorArn,
    string InitiatorId,
    string OwnerAccountId,
    JsonObject Headers,
    string StorageClass,
    SealedKey? Encryption,
    ChecksumAlgorithm? ChecksumAlgorithm,
    string? ChecksumType,
    string? Tags = null);

public sealed record UploadedPart(int PartNumber, long Size, string ETag, DateTimeOffset LastModified, Segment Segment, string? Checksum);
