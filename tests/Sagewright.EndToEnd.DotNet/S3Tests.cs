using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace Sagewright.EndToEnd.DotNet;

/// <summary>
/// S3 through the AWS SDK for .NET with its default settings: it signs uploads in aws-chunked form
/// (STREAMING-…-PAYLOAD, chunk signatures) and sends CRC32 checksums in trailers, which the server must verify.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class S3Tests(SagewrightServer server)
{
    private AmazonS3Client S3(AWSCredentials credentials) =>
        new(credentials, server.Configure(new AmazonS3Config { ForcePathStyle = true }));

    private static string NewBucketName() => "dotnet-" + Guid.NewGuid().ToString("N")[..16];

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(70_000)]
    [InlineData(3 * 1024 * 1024 + 17)]
    public async Task PutObjectThenGetObject_WithDefaultSigning_ReturnsTheSameBytes(int size)
    {
        using var s3 = S3(server.AdminRoot);
        var bucket = NewBucketName();
        await s3.PutBucketAsync(bucket);
        var data = RandomNumberGenerator.GetBytes(size);

        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "data/object.bin", InputStream = new MemoryStream(data) });
        using var got = await s3.GetObjectAsync(bucket, "data/object.bin");
        using var copy = new MemoryStream();
        await got.ResponseStream.CopyToAsync(copy);

        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(data))}\"", put.ETag);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task TransferUtility_UploadsInPartsAndDownloads_ByteForByte()
    {
        using var s3 = S3(server.AdminRoot);
        var bucket = NewBucketName();
        await s3.PutBucketAsync(bucket);
        var directory = Directory.CreateTempSubdirectory("sagewright-dotnet-transfer-").FullName;
        try
        {
            var source = Path.Combine(directory, "source.bin");
            await File.WriteAllBytesAsync(source, RandomNumberGenerator.GetBytes(21 * 1024 * 1024 + 3));
            var transfer = new TransferUtility(s3, new TransferUtilityConfig { MinSizeBeforePartUpload = 8 * 1024 * 1024 });
            await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = "big.bin", FilePath = source, PartSize = 5 * 1024 * 1024 });

            var head = await s3.GetObjectMetadataAsync(bucket, "big.bin");
            Assert.EndsWith("-5\"", head.ETag);
            var downloaded = Path.Combine(directory, "downloaded.bin");
            await transfer.DownloadAsync(new TransferUtilityDownloadRequest { BucketName = bucket, Key = "big.bin", FilePath = downloaded });
            Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(source)), SHA256.HashData(await File.ReadAllBytesAsync(downloaded)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task PutObject_WithSseKms_IsEchoedAndReadBack()
    {
        using var s3 = S3(server.AdminRoot);
        var bucket = NewBucketName();
        await s3.PutBucketAsync(bucket);
        var data = RandomNumberGenerator.GetBytes(200_000);

        var put = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "sealed",
            InputStream = new MemoryStream(data),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
        });
        using var got = await s3.GetObjectAsync(bucket, "sealed");
        using var copy = new MemoryStream();
        await got.ResponseStream.CopyToAsync(copy);

        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, put.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, got.ServerSideEncryptionMethod);
        Assert.StartsWith("arn:aws:kms:us-east-1:", got.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task GetObject_OfAnotherAccountsBucket_IsAccessDenied()
    {
        using var owner = S3(server.AdminRoot);
        var bucket = NewBucketName();
        await owner.PutBucketAsync(bucket);
        await owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "private", ContentBody = "owner only" });
        var stranger = await server.CreateAccountAsync();
        using var s3 = S3(stranger.Root);

        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "private"));

        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
    }
}
