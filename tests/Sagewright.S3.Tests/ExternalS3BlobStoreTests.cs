using Amazon.S3.Model;
using Sagewright.S3.Blobs;

namespace Sagewright.S3.Tests;

/// <summary>The contract against a real S3 endpoint (a second Sagewright server), with the default part sizes.</summary>
[Collection(BackingServerCollection.Name)]
public class ExternalS3BlobStoreTests(BackingServer server) : BlobStoreContract, IAsyncLifetime
{
    private ExternalS3BlobStore? _store;
    private S3BackendOptions _options = null!;

    protected override IBlobStore Store => _store!;

    public async Task InitializeAsync()
    {
        _options = await server.CreateBucketAsync(keyPrefix: "blobs/");
        _options.SpoolDirectory = Directory.CreateTempSubdirectory("sagewright-spool-").FullName;
        Configure(_options);
        _store = new ExternalS3BlobStore(_options);
        await _store.CheckBucketAsync(default);
    }

    public Task DisposeAsync()
    {
        _store?.Dispose();
        Directory.Delete(_options.SpoolDirectory!, recursive: true);
        return Task.CompletedTask;
    }

    protected virtual void Configure(S3BackendOptions options)
    {
    }

    protected override async Task<IReadOnlyList<string>> StoredItemsAsync()
    {
        var objects = await server.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket });
        var uploads = await server.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.Bucket });
        return (objects.S3Objects ?? []).Select(o => "object " + o.Key)
            .Concat((uploads.MultipartUploads ?? []).Select(u => "upload " + u.Key))
            .ToList();
    }

    [Fact]
    public async Task Blobs_AreObjectsUnderThePrefix()
    {
        var id = NewId();
        await using (var writer = await Store.CreateAsync(id, 3, default))
        {
            await writer.WriteAsync(new byte[] { 1, 2, 3 }, default);
            await writer.CommitAsync(default);
        }
        Assert.Contains("object blobs/" + id, await StoredItemsAsync());
    }

    [Theory]
    [InlineData(300_000, true)]
    [InlineData(300_000, false)]
    [InlineData(20L * 1024 * 1024, true)]
    [InlineData(20L * 1024 * 1024, false)]
    public async Task SpoolFiles_AreGone_AfterCommitOrAbandon(long length, bool commit)
    {
        await using (var writer = await Store.CreateAsync(NewId(), length, default))
        {
            var piece = new byte[1024 * 1024];
            for (long left = length; left > 0; left -= piece.Length)
            {
                await writer.WriteAsync(piece.AsMemory(0, (int)Math.Min(piece.Length, left)), default);
            }
            if (commit)
            {
                await writer.CommitAsync(default);
            }
        }
        Assert.Empty(Directory.GetFiles(_options.SpoolDirectory!));
    }

    [Fact]
    public async Task CheckBucket_WhenMissing_Throws()
    {
        using var store = new ExternalS3BlobStore(new S3BackendOptions
        {
            Endpoint = _options.Endpoint,
            Bucket = "no-such-bucket-here",
            AccessKeyId = _options.AccessKeyId,
            SecretAccessKey = _options.SecretAccessKey,
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CheckBucketAsync(default));
    }
}

/// <summary>The contract with a 6 MiB multipart threshold and 5 MiB parts, so medium blobs are multipart uploads too.</summary>
[Collection(BackingServerCollection.Name)]
public sealed class ExternalS3BlobStoreSmallPartsTests(BackingServer server) : ExternalS3BlobStoreTests(server)
{
    protected override void Configure(S3BackendOptions options)
    {
        options.MultipartThreshold = 6 * MiB;
        options.PartSize = 5 * MiB;
    }
}
