using Sagewright.Core;

namespace Sagewright.S3;

/// <summary>S3's error codes, statuses and messages as AWS answers them, with the detail elements S3 adds.</summary>
internal static class S3Errors
{
    public static AwsServiceException NoSuchBucket(string bucket) => new("NoSuchBucket", "The specified bucket does not exist", 404)
    {
        Details = new Dictionary<string, string> { ["BucketName"] = bucket },
    };

    public static AwsServiceException NoSuchKey(string key) => new("NoSuchKey", "The specified key does not exist.", 404)
    {
        Details = new Dictionary<string, string> { ["Key"] = key },
    };

    public static AwsServiceException BucketAlreadyExists(string bucket) => new("BucketAlreadyExists",
        "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.", 409)
    {
        Details = new Dictionary<string, string> { ["BucketName"] = bucket },
    };

    public static AwsServiceException BucketAlreadyOwnedByYou(string bucket) => new("BucketAlreadyOwnedByYou",
        "Your previous request to create the named bucket succeeded and you already own it.", 409)
    {
        Details = new Dictionary<string, string> { ["BucketName"] = bucket },
    };

    public static AwsServiceException BucketNotEmpty(string bucket) => new("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
    {
        Details = new Dictionary<string, string> { ["BucketName"] = bucket },
    };

    public static AwsServiceException InvalidBucketName(string bucket, string why) => new("InvalidBucketName", $"The specified bucket is not valid: {why}", 400)
    {
        Details = new Dictionary<string, string> { ["BucketName"] = bucket },
    };

    public static AwsServiceException KeyTooLong(int size) => new("KeyTooLongError", "Your key is too long", 400)
    {
        Details = new Dictionary<string, string> { ["MaxSizeAllowed"] = "1024", ["Size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static AwsServiceException InvalidArgument(string message, string? name = null, string? value = null)
    {
        var details = new Dictionary<string, string>();
        if (name is not null)
        {
            details["ArgumentName"] = name;
            details["ArgumentValue"] = value ?? "";
        }
        return new("InvalidArgument", message, 400) { Details = details };
    }

    public static AwsServiceException InvalidRequest(string message) => new("InvalidRequest", message, 400);

    public static AwsServiceException BadDigest(string message = "The Content-MD5 you specified did not match what we received.") =>
        new("BadDigest", message, 400);

    public static AwsServiceException InvalidDigest() => new("InvalidDigest", "The Content-MD5 you specified is not valid.", 400);

    public static AwsServiceException IncompleteBody(long expected, long received) => new("IncompleteBody",
        $"You did not provide the number of bytes specified by the Content-Length HTTP header (expected {expected}, received {received}).", 400);

    public static AwsServiceException MissingContentLength() => new("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);

    public static AwsServiceException EntityTooLarge(long size, long max) => new("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.", 400)
    {
        Details = new Dictionary<string, string>
        {
            ["ProposedSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MaxSizeAllowed"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    public static AwsServiceException EntityTooSmall(long size) => new("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", 400)
    {
        Details = new Dictionary<string, string>
        {
            ["ProposedSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MinSizeAllowed"] = "5242880",
        },
    };

    public static AwsServiceException InvalidRange(string requested, long size) => new("InvalidRange", "The requested range is not satisfiable", 416)
    {
        Details = new Dictionary<string, string>
        {
            ["RangeRequested"] = requested,
            ["ActualObjectSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        Headers = new Dictionary<string, string> { ["Content-Range"] = $"bytes */{size}" },
    };

    public static AwsServiceException PreconditionFailed(string condition) => new("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412)
    {
        Details = new Dictionary<string, string> { ["Condition"] = condition },
    };

    /// <summary>304: written without a body by the rest-xml codec.</summary>
    public static AwsServiceException NotModified(string etag, DateTimeOffset lastModified) => new("NotModified", "Not Modified", 304)
    {
        Headers = new Dictionary<string, string>
        {
            ["ETag"] = etag,
            ["Last-Modified"] = lastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    public static AwsServiceException NoSuchUpload(string uploadId) => new("NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404)
    {
        Details = new Dictionary<string, string> { ["UploadId"] = uploadId },
    };

    public static AwsServiceException InvalidPart(int partNumber, string why) => new("InvalidPart",
        $"One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag. (part {partNumber}: {why})", 400)
    {
        Details = new Dictionary<string, string> { ["PartNumber"] = partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static AwsServiceException InvalidPartOrder() => new("InvalidPartOrder",
        "The list of parts was not in ascending order. Parts must be ordered by part number.", 400);

    public static AwsServiceException NoSuchBucketPolicy(string bucket) => new("NoSuchBucketPolicy", "The bucket policy does not exist", 404)
    {
        Details = new Dictionary<string, string> { ["BucketName"] = bucket },
    };

    public static AwsServiceException NoEncryptionConfiguration(string bucket) => new("ServerSideEncryptionConfigurationNotFoundError",
        "The server side encryption configuration was not found", 404)
    {
        Details = new Dictionary<string, string> { ["BucketName"] = bucket },
    };

    public static AwsServiceException NoSuchTagSet(string bucket) => new("NoSuchTagSet", "The TagSet does not exist", 404)
    {
        Details = new Dictionary<string, string> { ["BucketName"] = bucket },
    };

    public static AwsServiceException MalformedPolicy(string message) => new("MalformedPolicy", message, 400);

    public static AwsServiceException MalformedXml() => new("MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema", 400);

    public static AwsServiceException NotImplementedHere(string what) => new("NotImplemented",
        $"Sagewright does not implement {what} yet.", 501, senderFault: false);
}
