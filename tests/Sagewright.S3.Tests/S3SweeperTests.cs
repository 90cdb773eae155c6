using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Sagewright.Data;
using Sagewright.S3.Blobs;
using Sagewright.S3.Bodies;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Tests;

public sealed class S3SweeperTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagewright-s3-sweeper-").FullName;
    private readonly ManualTime _time = new();
    private IDatabase _database = null!;
    private LocalBlobStore _blobs = null!;

    public async Task InitializeAsync()
    {
        _database = await DatabaseFactory.OpenAsync(new DatabaseOptions { DataDirectory = _directory }, CancellationToken.None);
        await _database.MigrateAsync("s3", S3Schema.Migrations, CancellationToken.None);
        _blobs = new LocalBlobStore(Path.Combine(_directory, "s3"));
        await _database.WriteAsync(async db =>
        {
            await S3Store.InsertBucketAsync(db, new Bucket("bucket", "111122223333", "us-east-1", _time.Now, null, null, null));
            return true;
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Sweep_DeletesAnUnclaimedBlobOnlyAfterItsLifetime()
    {
        var written = await WriteBlobAsync();
        await Sweeper().SweepAsync(CancellationToken.None);
        Assert.True(await ExistsAsync(written.Blob!), "a blob still being uploaded must survive the sweep");

        _time.Now += TimeSpan.FromHours(25);
        await Sweeper().SweepAsync(CancellationToken.None);
        Assert.False(await ExistsAsync(written.Blob!));
    }

    [Fact]
    public async Task Sweep_KeepsABlobAnObjectClaimed_AndDeletesItOnceOverwritten()
    {
        var first = await WriteBlobAsync();
        await PutAsync(first);
        _time.Now += TimeSpan.FromDays(2);
        await Sweeper().SweepAsync(CancellationToken.None);
        Assert.True(await ExistsAsync(first.Blob!));

        var second = await WriteBlobAsync();
        await PutAsync(second);
        await Sweeper().SweepAsync(CancellationToken.None);
        Assert.True(await ExistsAsync(first.Blob!), "readers get a grace period after an overwrite");
        _time.Now += TimeSpan.FromMinutes(1);
        await Sweeper().SweepAsync(CancellationToken.None);
        Assert.False(await ExistsAsync(first.Blob!));
        Assert.True(await ExistsAsync(second.Blob!));
    }

    [Fact]
    public async Task Sweep_AbortsUploadsOlderThanTheLimit_AndDeletesTheirParts()
    {
        var upload = new MultipartUpload("upload-1", "bucket", "key", _time.Now, "arn:aws:iam::111122223333:root", "111122223333", "111122223333",
            new JsonObject(), "STANDARD", null, null, null);
        var part = await WriteBlobAsync();
        await _database.WriteAsync(async db =>
        {
            await S3Store.InsertUploadAsync(db, upload);
            await S3Store.PutPartAsync(db, upload.UploadId, new UploadedPart(1, part.Size, "\"e\"", _time.Now, part, null), _time.Now);
            return true;
        }, CancellationToken.None);

        _time.Now += TimeSpan.FromDays(6);
        await Sweeper().SweepAsync(CancellationToken.None);
        Assert.NotNull(await FindUploadAsync(upload));

        _time.Now += TimeSpan.FromDays(2);
        await Sweeper().SweepAsync(CancellationToken.None);
        Assert.Null(await FindUploadAsync(upload));
        Assert.False(await ExistsAsync(part.Blob!));
    }

    [Fact]
    public async Task PutObject_IntoABucketDeletedMeanwhile_IsNoSuchBucketAndTheBlobStaysGarbage()
    {
        var written = await WriteBlobAsync();
        await _database.WriteAsync(async db =>
        {
            await S3Store.DeleteBucketAsync(db, "bucket");
            return true;
        }, CancellationToken.None);

        var e = await Assert.ThrowsAsync<Core.AwsServiceException>(() => PutAsync(written));

        Assert.Equal("NoSuchBucket", e.Code);
        var due = await _database.ReadAsync(db => S3Store.DueGarbageAsync(db, _time.Now.AddDays(2), 10), CancellationToken.None);
        Assert.Contains(written.Blob!, due);
    }

    private S3Sweeper Sweeper() => new(_database, _blobs, new S3Options(), _time, NullLogger<S3Sweeper>.Instance);

    private async Task<Segment> WriteBlobAsync() =>
        (await new ObjectBodyWriter(_blobs, _database, _time).WriteAsync(new MemoryStream(new byte[100_000]), 100_000, null, [], null, CancellationToken.None)).Segment;

    private Task PutAsync(Segment segment) => _database.WriteAsync(async db =>
    {
        await S3Store.PutObjectAsync(db, new StoredObject("bucket", "key", segment.Size, "\"e\"", _time.Now, new JsonObject(), "STANDARD", [segment], null, null, null),
            _time.Now + TimeSpan.FromSeconds(30));
        return true;
    }, CancellationToken.None);

    private Task<MultipartUpload?> FindUploadAsync(MultipartUpload upload) =>
        _database.ReadAsync(db => S3Store.FindUploadAsync(db, upload.Bucket, upload.Key, upload.UploadId), CancellationToken.None);

    private async Task<bool> ExistsAsync(string blob)
    {
        try
        {
            await (await _blobs.OpenReadAsync(blob, 0, 1, CancellationToken.None)).DisposeAsync();
            return true;
        }
        catch (BlobNotFoundException)
        {
            return false;
        }
    }
}

internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
