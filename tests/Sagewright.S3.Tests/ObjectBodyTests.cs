using System.Security.Cryptography;
using Sagewright.Data;
using Sagewright.S3.Blobs;
using Sagewright.S3.Bodies;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Tests;

/// <summary>Object bytes through the writer and reader over a real local blob store: every range of every layout reads back exactly.</summary>
public sealed class ObjectBodyTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagewright-s3-body-").FullName;
    private IDatabase _database = null!;
    private LocalBlobStore _blobs = null!;

    public async Task InitializeAsync()
    {
        _database = await DatabaseFactory.OpenAsync(new DatabaseOptions { DataDirectory = _directory }, CancellationToken.None);
        await _database.MigrateAsync("s3", S3Schema.Migrations, CancellationToken.None);
        _blobs = new LocalBlobStore(Path.Combine(_directory, "s3"));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public static TheoryData<int, bool> Layouts() => new()
    {
        { 0, false }, { 1000, false }, { 1000, true }, { 300 * 1024 + 7, false }, { 300 * 1024 + 7, true }, { 3 * 65536, true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task WriteThenRead_AnyRange_ReturnsThoseBytes(int size, bool encrypted)
    {
        var data = RandomNumberGenerator.GetBytes(size);
        var key = encrypted ? RandomNumberGenerator.GetBytes(32) : null;
        var written = await Writer().WriteAsync(new MemoryStream(data), size, key, [ChecksumAlgorithm.Crc32], null, CancellationToken.None);

        Assert.Equal(MD5.HashData(data), written.Md5);
        Assert.Equal(size <= ObjectBodyWriter.InlineLimit, written.Segment.Inline is not null);
        foreach (var (offset, length) in Ranges(size))
        {
            var read = await ReadAsync([written.Segment], key, offset, length);
            Assert.Equal(data.AsSpan((int)offset, (int)length).ToArray(), read);
        }
    }

    [Fact]
    public async Task Read_AcrossTwoSegments_JoinsThem()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var first = RandomNumberGenerator.GetBytes(200_000);
        var second = RandomNumberGenerator.GetBytes(70_000);
        var a = await Writer().WriteAsync(new MemoryStream(first), first.Length, key, [], null, CancellationToken.None);
        var b = await Writer().WriteAsync(new MemoryStream(second), second.Length, key, [], null, CancellationToken.None);
        var whole = first.Concat(second).ToArray();
        foreach (var (offset, length) in new (long, long)[] { (0, whole.Length), (199_990, 20), (150_000, 100_000), (200_000, 70_000) })
        {
            Assert.Equal(whole.AsSpan((int)offset, (int)length).ToArray(), await ReadAsync([a.Segment, b.Segment], key, offset, length));
        }
    }

    [Fact]
    public async Task Write_WhenTheBodyIsShorterThanDeclared_IsIncompleteBodyAndLeavesNoBlob()
    {
        var e = await Assert.ThrowsAsync<Core.AwsServiceException>(() =>
            Writer().WriteAsync(new MemoryStream(new byte[100_000]), 200_000, null, [], null, CancellationToken.None));
        Assert.Equal("IncompleteBody", e.Code);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_directory, "s3", "blobs"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_directory, "s3", "tmp")));
    }

    [Fact]
    public async Task Write_WhenVerificationRejects_CommitsNothing()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Writer().WriteAsync(new MemoryStream(new byte[100_000]), 100_000, null, [], _ => throw new InvalidOperationException("bad digest"), CancellationToken.None));
        Assert.Equal("bad digest", e.Message);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_directory, "s3", "blobs"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Write_OfABlob_EntersItAsGarbageUntilSomethingClaimsIt()
    {
        var written = await Writer().WriteAsync(new MemoryStream(new byte[100_000]), 100_000, null, [], null, CancellationToken.None);
        var due = await _database.ReadAsync(db => S3Store.DueGarbageAsync(db, DateTimeOffset.UtcNow.AddDays(2), 10), CancellationToken.None);
        Assert.Equal([written.Segment.Blob!], due);
    }

    private ObjectBodyWriter Writer() => new(_blobs, _database, TimeProvider.System);

    private async Task<byte[]> ReadAsync(IReadOnlyList<Segment> segments, byte[]? key, long offset, long length)
    {
        using var output = new MemoryStream();
        await new ObjectBodyReader(_blobs).WriteRangeAsync(segments, key, offset, length, output, CancellationToken.None);
        return output.ToArray();
    }

    private static IEnumerable<(long Offset, long Length)> Ranges(long size)
    {
        yield return (0, size);
        if (size == 0)
        {
            yield break;
        }
        yield return (0, 1);
        yield return (size - 1, 1);
        yield return (size / 3, size / 3);
        if (size > 65536 + 10)
        {
            yield return (65530, 12); // across a chunk boundary
            yield return (65536, 65536 > size - 65536 ? size - 65536 : 65536);
        }
    }
}
