using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Storage;

namespace Sagewright.S3;

/// <summary>How S3 operations are authorized: S3's action names, bucket and object ARNs, the bucket policy, S3's condition keys.</summary>
internal static class S3Access
{
    /// <summary>The bucket policy, and the bucket's owner even without one (S3 ARNs name no account).</summary>
    public static ResourcePolicy PolicyOf(Bucket bucket) => new(bucket.Policy, bucket.AccountId);

    public static string BucketArn(OperationCall call) => BucketNames.BucketArn(call.Input.Required("Bucket"));

    public static string ObjectArn(OperationCall call) => BucketNames.ObjectArn(call.Input.Required("Bucket"), call.Input.Required("Key"));

    private static readonly (string Header, string Key)[] HeaderKeys =
    [
        ("x-amz-server-side-encryption", "s3:x-amz-server-side-encryption"),
        ("x-amz-server-side-encryption-aws-kms-key-id", "s3:x-amz-server-side-encryption-aws-kms-key-id"),
        ("x-amz-acl", "s3:x-amz-acl"),
        ("x-amz-storage-class", "s3:x-amz-storage-class"),
        ("x-amz-copy-source", "s3:x-amz-copy-source"),
        ("x-amz-metadata-directive", "s3:x-amz-metadata-directive"),
        ("x-amz-content-sha256", "s3:x-amz-content-sha256"),
    ];

    private static readonly (string Member, string Key)[] ListingKeys =
    [
        ("Prefix", "s3:prefix"),
        ("Delimiter", "s3:delimiter"),
        ("MaxKeys", "s3:max-keys"),
    ];

    /// <summary>S3's service condition keys for a request: from its headers, listing parameters and how it was signed.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ConditionKeys(OperationCall call)
    {
        var headers = call.Context.Http.Request.Headers;
        foreach (var (header, key) in HeaderKeys)
        {
            if (headers.TryGetValue(header, out var value) && value.Count > 0)
            {
                yield return new(key, value.ToString());
            }
        }
        foreach (var (member, key) in ListingKeys)
        {
            if (call.Input.Optional(member) is { } value)
            {
                yield return new(key, value);
            }
        }
        yield return new("s3:signatureversion", "AWS4-HMAC-SHA256");
        yield return new("s3:authType", call.Context.Http.Request.Query.ContainsKey("X-Amz-Signature") ? "REST-QUERY-STRING" : "REST-HEADER");
    }
}
