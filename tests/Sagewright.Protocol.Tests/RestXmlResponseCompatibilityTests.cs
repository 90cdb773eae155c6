using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Tests.RestSupport;
using static Sagewright.Protocol.Tests.RestSupport.BotocoreResponseCase;

namespace Sagewright.Protocol.Tests;

/// <summary>S3 responses written by <see cref="Codecs.RestXmlCodec"/>, judged by a real botocore S3 client.</summary>
public sealed class RestXmlResponseCompatibilityTests(RestXmlResponseCompatibilityTests.Verdicts verdicts)
    : IClassFixture<RestXmlResponseCompatibilityTests.Verdicts>
{
    private const string Bucket = "my-bucket";
    private static JsonObject BucketKey(string key = "k") => new() { ["Bucket"] = Bucket, ["Key"] = key };
    private static JsonObject Owner => new() { ["ID"] = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a", ["DisplayName"] = "alice" };

    internal static readonly BotocoreResponseCase[] Cases =
    [
        Output("ListObjectsV2", "s3", "ListObjectsV2", new() { ["Bucket"] = Bucket, ["Prefix"] = "photos/" }, new JsonObject
        {
            ["Name"] = Bucket, ["Prefix"] = "photos/", ["Delimiter"] = "/", ["KeyCount"] = 2, ["MaxKeys"] = 1000,
            ["IsTruncated"] = true, ["NextContinuationToken"] = "token+/=",
            ["Contents"] = new JsonArray(
                new JsonObject
                {
                    ["Key"] = "photos/a & <b> ü.jpg", ["LastModified"] = Instant(2024, 5, 6, 7, 8, 9, 123), ["ETag"] = "\"0cc175b9c0f1b6a831c399e269772661\"",
                    ["Size"] = 1234, ["StorageClass"] = "STANDARD", ["Owner"] = Owner, ["ChecksumAlgorithm"] = new JsonArray("CRC32"),
                },
                new JsonObject { ["Key"] = "photos/b", ["LastModified"] = Instant(2024, 5, 6, 7, 8, 10), ["ETag"] = "\"x-2\"", ["Size"] = 0 }),
            ["CommonPrefixes"] = new JsonArray(new JsonObject { ["Prefix"] = "photos/2024/" }),
        }),
        Output("ListObjects", "s3", "ListObjects", new() { ["Bucket"] = Bucket }, new JsonObject
        {
            ["Name"] = Bucket, ["Marker"] = "", ["IsTruncated"] = false, ["MaxKeys"] = 1000,
            ["Contents"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Size"] = 3, ["LastModified"] = Instant(2024, 1, 1, 0, 0, 0) }),
        }),
        Output("GetObject", "s3", "GetObject", BucketKey(), new OperationResult
        {
            Output = new JsonObject
            {
                ["ContentLength"] = 5, ["ContentType"] = "text/plain", ["ETag"] = "\"5d41402abc4b2a76b9719d911017c592\"",
                ["LastModified"] = Instant(2024, 5, 6, 7, 8, 9), ["Metadata"] = new JsonObject { ["owner"] = "alice", ["build"] = "42" },
                ["AcceptRanges"] = "bytes", ["VersionId"] = "v1", ["TagCount"] = 2, ["CacheControl"] = "no-cache",
            },
            WriteBody = Writes("hello"),
            BodyLength = 5,
        }, expected: new JsonObject
        {
            ["ContentLength"] = 5, ["ContentType"] = "text/plain", ["ETag"] = "\"5d41402abc4b2a76b9719d911017c592\"",
            ["LastModified"] = Instant(2024, 5, 6, 7, 8, 9), ["Metadata"] = new JsonObject { ["owner"] = "alice", ["build"] = "42" },
            ["AcceptRanges"] = "bytes", ["VersionId"] = "v1", ["TagCount"] = 2, ["CacheControl"] = "no-cache", ["Body"] = Base64("hello"),
        }),
        Output("GetObject range from the tree", "s3", "GetObject", BucketKey(), new OperationResult
        {
            Output = new JsonObject { ["ContentRange"] = "bytes 0-1/5", ["ContentLength"] = 2, ["Body"] = Base64("he") },
            StatusCode = 206,
        }, expected: new JsonObject
        {
            // botocore reports the default content type of a blob payload and an empty x-amz-meta- map.
            ["ContentRange"] = "bytes 0-1/5", ["ContentLength"] = 2, ["Body"] = Base64("he"),
            ["ContentType"] = "application/octet-stream", ["Metadata"] = new JsonObject(),
        }),
        Output("HeadObject", "s3", "HeadObject", BucketKey(), new JsonObject
        {
            ["ContentLength"] = 11, ["ContentType"] = "application/octet-stream", ["ETag"] = "\"e\"", ["LastModified"] = Instant(2023, 12, 31, 23, 59, 59),
            ["Metadata"] = new JsonObject { ["a"] = "b" }, ["StorageClass"] = "STANDARD_IA", ["ServerSideEncryption"] = "AES256",
        }, method: "HEAD"),
        Output("HeadBucket", "s3", "HeadBucket", new() { ["Bucket"] = Bucket }, new JsonObject { ["BucketRegion"] = "eu-west-1" }, method: "HEAD"),
        Output("GetBucketLocation", "s3", "GetBucketLocation", new() { ["Bucket"] = Bucket }, new JsonObject { ["LocationConstraint"] = "eu-west-1" }),
        Output("GetBucketLocation us-east-1", "s3", "GetBucketLocation", new() { ["Bucket"] = Bucket }, new JsonObject()),
        Output("CreateBucket", "s3", "CreateBucket", new() { ["Bucket"] = Bucket }, new JsonObject { ["Location"] = "/" + Bucket }, method: "PUT"),
        Output("PutObject", "s3", "PutObject", new() { ["Bucket"] = Bucket, ["Key"] = "k", ["Body"] = "hi" },
            new JsonObject { ["ETag"] = "\"49f68a5c8493ec2c0bf489821c21fc3b\"", ["VersionId"] = "v9" }, method: "PUT"),
        Output("DeleteObject", "s3", "DeleteObject", BucketKey(), new JsonObject { ["DeleteMarker"] = true, ["VersionId"] = "dm-1" }, method: "DELETE"),
        Output("CreateMultipartUpload", "s3", "CreateMultipartUpload", BucketKey("big.bin"),
            new JsonObject { ["Bucket"] = Bucket, ["Key"] = "big.bin", ["UploadId"] = "VXBsb2FkIElE" }, method: "POST"),
        Output("CompleteMultipartUpload", "s3", "CompleteMultipartUpload", new()
        {
            ["Bucket"] = Bucket, ["Key"] = "big.bin", ["UploadId"] = "u",
            ["MultipartUpload"] = new JsonObject { ["Parts"] = new JsonArray(new JsonObject { ["ETag"] = "\"a\"", ["PartNumber"] = 1 }) },
        }, new JsonObject
        {
            ["Location"] = "http://localhost:4566/my-bucket/big.bin", ["Bucket"] = Bucket, ["Key"] = "big.bin",
            ["ETag"] = "\"3858f62230ac3c915f300c664312c11f-2\"", ["VersionId"] = "v3",
        }, method: "POST"),
        Output("ListParts", "s3", "ListParts", new() { ["Bucket"] = Bucket, ["Key"] = "big.bin", ["UploadId"] = "u" }, new JsonObject
        {
            ["Bucket"] = Bucket, ["Key"] = "big.bin", ["UploadId"] = "u", ["MaxParts"] = 1000, ["IsTruncated"] = false,
            ["Parts"] = new JsonArray(new JsonObject { ["PartNumber"] = 1, ["LastModified"] = Instant(2024, 2, 3, 4, 5, 6, 7), ["ETag"] = "\"p1\"", ["Size"] = 8388608 }),
            ["Initiator"] = Owner, ["Owner"] = Owner, ["StorageClass"] = "STANDARD",
        }),
        Output("DeleteObjects", "s3", "DeleteObjects", new()
        {
            ["Bucket"] = Bucket,
            ["Delete"] = new JsonObject { ["Objects"] = new JsonArray(new JsonObject { ["Key"] = "a" }, new JsonObject { ["Key"] = "b" }) },
        }, new JsonObject
        {
            ["Deleted"] = new JsonArray(new JsonObject { ["Key"] = "a", ["VersionId"] = "v", ["DeleteMarker"] = true, ["DeleteMarkerVersionId"] = "dm" }),
            ["Errors"] = new JsonArray(new JsonObject { ["Key"] = "b", ["Code"] = "AccessDenied", ["Message"] = "Access Denied" }),
        }, method: "POST"),
        Output("GetBucketAcl", "s3", "GetBucketAcl", new() { ["Bucket"] = Bucket }, new JsonObject
        {
            ["Owner"] = Owner,
            ["Grants"] = new JsonArray(
                new JsonObject { ["Grantee"] = new JsonObject { ["Type"] = "CanonicalUser", ["ID"] = "o", ["DisplayName"] = "alice" }, ["Permission"] = "FULL_CONTROL" },
                new JsonObject { ["Grantee"] = new JsonObject { ["Type"] = "Group", ["URI"] = "http://acs.amazonaws.com/groups/global/AllUsers" }, ["Permission"] = "READ" }),
        }),
        Output("GetObjectTagging", "s3", "GetObjectTagging", BucketKey(), new JsonObject
        {
            ["VersionId"] = "v1", ["TagSet"] = new JsonArray(new JsonObject { ["Key"] = "env", ["Value"] = "prod" }, new JsonObject { ["Key"] = "blank", ["Value"] = " " }),
        }),
        Output("GetBucketVersioning", "s3", "GetBucketVersioning", new() { ["Bucket"] = Bucket }, new JsonObject { ["Status"] = "Enabled", ["MFADelete"] = "Disabled" }),
        Output("ListBuckets", "s3", "ListBuckets", [], new JsonObject
        {
            ["Buckets"] = new JsonArray(
                new JsonObject { ["Name"] = "a-bucket", ["CreationDate"] = Instant(2020, 1, 2, 3, 4, 5, 678) },
                new JsonObject { ["Name"] = "b-bucket", ["CreationDate"] = Instant(2021, 1, 2, 3, 4, 5), ["BucketRegion"] = "eu-west-1" }),
            ["Owner"] = Owner,
        }),
        Output("GetBucketPolicy", "s3", "GetBucketPolicy", new() { ["Bucket"] = Bucket },
            new JsonObject { ["Policy"] = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}" }),
        Output("CopyObject", "s3", "CopyObject", new() { ["Bucket"] = Bucket, ["Key"] = "copy", ["CopySource"] = "src/k" }, new JsonObject
        {
            ["CopyObjectResult"] = new JsonObject { ["ETag"] = "\"c\"", ["LastModified"] = Instant(2024, 3, 4, 5, 6, 7, 890) },
            ["VersionId"] = "v2", ["CopySourceVersionId"] = "v1",
        }, method: "PUT"),
        Error("NoSuchKey", "s3", "GetObject", BucketKey("missing/key"),
            new AwsServiceException("NoSuchKey", "The specified key does not exist.", 404) { Details = new Dictionary<string, string> { ["Key"] = "missing/key" } },
            error =>
            {
                Assert.Equal("NoSuchKey", (string?)error["Error"]!["Code"]);
                Assert.Equal("The specified key does not exist.", (string?)error["Error"]!["Message"]);
                Assert.Equal("missing/key", (string?)error["Error"]!["Key"]);
                Assert.Equal(HostId, (string?)error["ResponseMetadata"]!["HostId"]);
            }),
        Error("NoSuchBucket on HEAD", "s3", "HeadObject", BucketKey(),
            new AwsServiceException("NoSuchBucket", "The specified bucket does not exist", 404) { Details = new Dictionary<string, string> { ["BucketName"] = Bucket } },
            error => Assert.Equal("404", (string?)error["Error"]!["Code"]), method: "HEAD"),
        Error("AccessDenied with header", "s3", "ListObjectsV2", new() { ["Bucket"] = Bucket },
            new AwsServiceException("AccessDenied", "Access Denied", 403) { Headers = new Dictionary<string, string> { ["x-amz-bucket-region"] = "eu-west-1" } },
            error =>
            {
                Assert.Equal("AccessDenied", (string?)error["Error"]!["Code"]);
                Assert.Equal("eu-west-1", (string?)error["ResponseMetadata"]!["HTTPHeaders"]!["x-amz-bucket-region"]);
            }),
    ];

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Botocore_ReadsOurResponse(string name)
    {
        var (response, verdict) = verdicts.ByCase[name];
        Cases.Single(c => c.Name == name).Verify(response, verdict);
    }

    public sealed class Verdicts : IAsyncLifetime
    {
        internal Dictionary<string, (CapturedResponse Response, JsonObject Verdict)> ByCase { get; private set; } = [];

        public async Task InitializeAsync() => ByCase = await JudgeAsync(Cases);

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
