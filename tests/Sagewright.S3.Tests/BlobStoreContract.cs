using System.Security.Cryptography;
using Sagewright.S3.Blobs;

namespace Sagewright.S3.Tests;

/// <summary>What every <see cref="IBlobStore"/> promises; one subclass per backend runs it.</summary>
public abstract class BlobStoreContract
{
    protected const int MiB = 1024 * 1024;

    // Crosses the 5 MiB parts of a store with a small multipart threshold, and is not a multiple of anything.
    private const long MediumLength = 12L * MiB + 3;

    protected abstract IBlobStore Store { get; }

    /// <summary>Everything the backend holds (files, objects, pending multipart uploads), to prove nothing was left behind.</summary>
    protected abstract Task<IReadOnlyList<string>> StoredItemsAsync();

    [Fact]
    public async Task Commit_ThenRead_ReturnsTheBytesWritten()
    {
        var id = NewId();
        var data = TestBytes.Make(1000, seed: 1);
        await using (var writer = await Store.CreateAsync(id, data.Length, default))
        {
            await writer.WriteAsync(data.AsMemory(0, 10), default);
            await writer.WriteAsync(data.AsMemory(10, 989), default);
            await writer.WriteAsync(data.AsMemory(999), default);
            await writer.CommitAsync(default);
        }
        Assert.Equal(data, await ReadAsync(id, 0, data.Length));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, MediumLength)]
    [InlineData(MediumLength - 1, 1)]
    [InlineData(5L * MiB - 7, 20)]
    [InlineData(3, 10L * MiB + 11)]
    public async Task OpenRead_WithRange_ReturnsExactlyThatRange(long offset, long length)
    {
        var id = NewId();
        await WriteAsync(id, MediumLength, seed: 2);
        var expected = TestBytes.Make(MediumLength, seed: 2).AsSpan((int)offset, (int)length).ToArray();
        Assert.Equal(expected, await ReadAsync(id, offset, length));
    }

    [Fact]
    public async Task EmptyBlob_CommitsAndReadsAsEmpty()
    {
        var id = NewId();
        await using (var writer = await Store.CreateAsync(id, 0, default))
        {
            await writer.CommitAsync(default);
        }
        Assert.Empty(await ReadAsync(id, 0, 0));
    }

    [Theory]
    [InlineData(1000L)]
    [InlineData(MediumLength)]
    public async Task BeforeCommit_BlobIsInvisible(long length)
    {
        var id = NewId();
        await using var writer = await Store.CreateAsync(id, length, default);
        await WriteBytesAsync(writer, length, seed: 3);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(id, 0, length, default).AsTask());
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1000L, 0L)]
    [InlineData(1000L, 999L)]
    [InlineData(1000L, 1000L)]
    [InlineData(MediumLength, 6L * MiB)]
    [InlineData(MediumLength, MediumLength)]
    public async Task DisposeWithoutCommit_LeavesNothing(long length, long written)
    {
        var before = await StoredItemsAsync();
        var id = NewId();
        await using (var writer = await Store.CreateAsync(id, length, default))
        {
            await WriteBytesAsync(writer, written, seed: 4);
        }
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(id, 0, Math.Max(1, length), default).AsTask());
        Assert.Equal(before, await StoredItemsAsync());
    }

    [Fact]
    public async Task Delete_RemovesTheBlob_AndDeletingAgainSucceeds()
    {
        var id = NewId();
        await WriteAsync(id, 100, seed: 5);
        await Store.DeleteAsync(id, default);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(id, 0, 100, default).AsTask());
        await Store.DeleteAsync(id, default);
        await Store.DeleteAsync(NewId(), default);
    }

    [Theory]
    [InlineData(0L, 10L)]
    [InlineData(5L, 0L)]
    public async Task OpenRead_WhenMissing_ThrowsBlobNotFound(long offset, long length)
    {
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(NewId(), offset, length, default).AsTask());
    }

    [Fact]
    public async Task LargeBlob_RoundTripsAcrossTheMultipartThreshold()
    {
        const long length = 70L * MiB + 5;
        var id = NewId();
        await WriteAsync(id, length, seed: 6);
        await using (var stream = await Store.OpenReadAsync(id, 0, length, default))
        {
            Assert.Equal(TestBytes.Sha256(length, seed: 6), await SHA256.HashDataAsync(stream));
        }
        var tail = TestBytes.Make(length, seed: 6).AsSpan((int)(length - 100)).ToArray();
        Assert.Equal(tail, await ReadAsync(id, length - 100, 100));
    }

    protected static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private async Task WriteAsync(string id, long length, int seed)
    {
        await using var writer = await Store.CreateAsync(id, length, default);
        await WriteBytesAsync(writer, length, seed);
        await writer.CommitAsync(default);
    }

    private static async Task WriteBytesAsync(BlobWriter writer, long count, int seed)
    {
        foreach (var chunk in TestBytes.Chunks(count, seed))
        {
            await writer.WriteAsync(chunk, default);
        }
    }

    private async Task<byte[]> ReadAsync(string id, long offset, long length)
    {
        await using var stream = await Store.OpenReadAsync(id, offset, length, default);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
