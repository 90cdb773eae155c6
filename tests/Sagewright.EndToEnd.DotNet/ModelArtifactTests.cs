using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Sagewright.Core;
using Sagewright.SageMaker.Hosting.Artifacts;

namespace Sagewright.EndToEnd.DotNet;

/// <summary>
/// The model-artifact cache against the real host: it assumes the model's execution role as sagemaker.amazonaws.com
/// and reads ModelDataUrl over HTTP, so IAM decides; what it unpacks is reused for the same model version.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ModelArtifactTests(SagewrightServer server) : IDisposable
{
    private const string Region = SagewrightServer.Region;
    private const string TrustSageMaker = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string ReadObjects = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}""";

    private readonly string _cacheRoot = Directory.CreateTempSubdirectory("sw-model-cache-").FullName;
    private readonly string _bucket = "models-" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => Directory.Delete(_cacheRoot, recursive: true);

    private ModelArtifactCache Cache() => new(server.Services.GetRequiredService<IServiceRoleSessions>(),
        server.Services.GetRequiredService<IPlatformEndpoint>(), new ModelArtifactOptions { CacheRoot = _cacheRoot }, TimeProvider.System);

    private AmazonS3Client S3(AWSCredentials credentials) => new(credentials, server.Configure(new AmazonS3Config { ForcePathStyle = true }));

    private static byte[] ModelTarGz()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "model.onnx") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("weights")) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "code/inference.py") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("def model_fn(d): pass")) });
        }
        return output.ToArray();
    }

    /// <summary>An account with the artifact in its bucket and a role sagemaker may assume, with or without s3:GetObject and s3:ListBucket
    /// (without ListBucket, S3 answers a missing key with 403, as AWS does).</summary>
    private async Task<(TestAccount Account, string RoleArn)> AccountWithModelDataAsync(bool roleMayRead)
    {
        var account = await server.CreateAccountAsync();
        using (var s3 = S3(account.Root))
        {
            await s3.PutBucketAsync(_bucket);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "output/model.tar.gz", InputStream = new MemoryStream(ModelTarGz()) });
        }
        var iam = server.Iam(account.Root);
        var roleArn = await iam.CreateRoleAsync("SageMakerExecution", TrustSageMaker);
        if (roleMayRead)
        {
            await iam.PutRolePolicyAsync("SageMakerExecution", "read-models", ReadObjects);
        }
        return (account, roleArn);
    }

    private ModelArtifactRequest Request(TestAccount account, string roleArn, string key = "output/model.tar.gz") => new(
        account.AccountId, Region, "mnist", $"arn:aws:sagemaker:{Region}:{account.AccountId}:model/mnist", "created-2026-03-01T12:00:00Z",
        roleArn, 0, new ModelDataLocation($"s3://{_bucket}/{key}"));

    [Fact]
    public async Task GetModelDirectory_AsARoleThatMayRead_UnpacksOnce_AndServesTheSecondCallFromTheCache()
    {
        var (account, roleArn) = await AccountWithModelDataAsync(roleMayRead: true);
        var cache = Cache();

        var directory = await cache.GetModelDirectoryAsync(Request(account, roleArn), CancellationToken.None);
        using (var s3 = S3(account.Root))
        {
            await s3.DeleteObjectAsync(_bucket, "output/model.tar.gz"); // a second GET would now fail
        }
        var again = await cache.GetModelDirectoryAsync(Request(account, roleArn), CancellationToken.None);

        Assert.Equal(directory, again);
        Assert.StartsWith(Path.Combine(_cacheRoot, account.AccountId, "mnist"), directory);
        Assert.Equal("weights", await File.ReadAllTextAsync(Path.Combine(directory, "model.onnx")));
        Assert.Equal("def model_fn(d): pass", await File.ReadAllTextAsync(Path.Combine(directory, "code", "inference.py")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_cacheRoot, ".staging")));

        cache.RemoveModel(account.AccountId, "mnist");
        Assert.False(Directory.Exists(directory));
        var gone = await Assert.ThrowsAsync<ModelArtifactException>(() => cache.GetModelDirectoryAsync(Request(account, roleArn), CancellationToken.None));
        Assert.Equal($"Could not find model data at s3://{_bucket}/output/model.tar.gz.", gone.Message);
    }

    [Fact]
    public async Task GetModelDirectory_ConcurrentCallsForOneVersion_ShareOneUnpack()
    {
        var (account, roleArn) = await AccountWithModelDataAsync(roleMayRead: true);
        var cache = Cache();

        var directories = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cache.GetModelDirectoryAsync(Request(account, roleArn), CancellationToken.None)));

        Assert.Single(directories.Distinct());
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(_cacheRoot, account.AccountId, "mnist")));
    }

    [Fact]
    public async Task GetModelDirectory_AsARoleWithoutGetObject_FailsWithSageMakersReason()
    {
        var (account, roleArn) = await AccountWithModelDataAsync(roleMayRead: false);

        var denied = await Assert.ThrowsAsync<ModelArtifactException>(() => Cache().GetModelDirectoryAsync(Request(account, roleArn), CancellationToken.None));

        Assert.Equal(
            $"Could not access model data at s3://{_bucket}/output/model.tar.gz. Please ensure that the role \"{roleArn}\" exists and that its trust "
            + "relationship policy allows the action \"sts:AssumeRole\" for the service principal \"sagemaker.amazonaws.com\". Also ensure that the role "
            + "has \"s3:GetObject\" permissions and that the object is located in us-east-1. If your Model uses multiple models or uncompressed models, "
            + "please ensure that the role has \"s3:ListBucket\" permission.",
            denied.Message);
        Assert.False(denied.Retryable);
        Assert.False(Directory.Exists(Path.Combine(_cacheRoot, account.AccountId)));
    }

    [Fact]
    public async Task GetModelDirectory_WithARoleSageMakerMayNotAssume_FailsWithTheSameReason()
    {
        var (account, _) = await AccountWithModelDataAsync(roleMayRead: true);
        var untrusted = await server.Iam(account.Root).CreateRoleAsync("not-for-sagemaker",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{account.AccountId}}:root"},"Action":"sts:AssumeRole"}]}""");

        var denied = await Assert.ThrowsAsync<ModelArtifactException>(() => Cache().GetModelDirectoryAsync(Request(account, untrusted), CancellationToken.None));

        Assert.StartsWith($"Could not access model data at s3://{_bucket}/output/model.tar.gz. Please ensure that the role \"{untrusted}\" exists", denied.Message);
    }

    [Fact]
    public async Task GetModelDirectory_OfAMissingObject_SaysSo()
    {
        var (account, roleArn) = await AccountWithModelDataAsync(roleMayRead: true);

        var missing = await Assert.ThrowsAsync<ModelArtifactException>(() => Cache().GetModelDirectoryAsync(Request(account, roleArn, "output/nothing.tar.gz"), CancellationToken.None));

        Assert.Equal($"Could not find model data at s3://{_bucket}/output/nothing.tar.gz.", missing.Message);
    }

    [Fact]
    public async Task GetModelDirectory_OfAnObjectThatIsNotATarGz_SaysSo()
    {
        var (account, roleArn) = await AccountWithModelDataAsync(roleMayRead: true);
        using (var s3 = S3(account.Root))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "output/model.zip", ContentBody = "PK not a tarball" });
        }

        var bad = await Assert.ThrowsAsync<ModelArtifactException>(() => Cache().GetModelDirectoryAsync(Request(account, roleArn, "output/model.zip"), CancellationToken.None));

        Assert.Equal($"Failed to extract model data archive from URL \"s3://{_bucket}/output/model.zip\". Please ensure that the object located at the URL is a valid tar.gz archive.", bad.Message);
    }
}
