using Sagewright.S3.Blobs;

namespace Sagewright.S3.Tests;

public sealed class LocalBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sagewright-blobs-").FullName;

    public LocalBlobStoreTests() => Store = new LocalBlobStore(_root);

    protected override IBlobStore Store { get; }

    protected override Task<IReadOnlyList<string>> StoredItemsAsync() =>
        Task.FromResult<IReadOnlyList<string>>(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList());

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
