namespace Sagewright.S3.Blobs;

/// <summary>
/// Where object bytes live: immutable blobs named by random ids. A blob is written once (through a
/// <see cref="BlobWriter"/> that makes it durable before <see cref="BlobWriter.CommitAsync"/> returns), read by
/// range, and deleted when no object or part references it. Which blobs are live is recorded in the metadata
/// database, never derived from the store, so the store needs no listing.
/// </summary>
public interface IBlobStore
{
    /// <param name="length">The exact number of bytes that will be written (external stores need it up front).</param>
    ValueTask<BlobWriter> CreateAsync(string blobId, long length, CancellationToken cancellationToken);

    /// <summary>A stream over <paramref name="length"/> bytes from <paramref name="offset"/>; throws <see cref="BlobNotFoundException"/>.</summary>
    ValueTask<Stream> OpenReadAsync(string blobId, long offset, long length, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; a missing blob is not an error.</summary>
    ValueTask DeleteAsync(string blobId, CancellationToken cancellationToken);
}

/// <summary>A blob being written. Disposing it without committing discards everything written.</summary>
public abstract class BlobWriter : IAsyncDisposable
{
    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Makes the blob durable and visible under its id.</summary>
    public abstract Task CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

public sealed class BlobNotFoundException(string blobId) : Exception($"Blob {blobId} does not exist in the object store.");
