using Amazon.S3;
using Amazon.S3.Model;

namespace Sagewright.S3.Blobs;

/// <summary>
/// Writes a blob as one PUT sent on <see cref="CommitAsync"/> from a local spool file, so the store holds nothing
/// of a blob that was never committed, and a failed PUT is retried by the SDK from the start.
/// </summary>
internal sealed class SinglePutBlobWriter(IAmazonS3 client, string bucket, string key, long length, string? spoolDirectory) : BlobWriter
{
    private readonly SpoolFile _spool = new(spoolDirectory);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_spool.Length + data.Length > length)
        {
            throw new InvalidOperationException($"Blob {key} was declared {length} bytes long; more were written.");
        }
        await _spool.WriteAsync(data, cancellationToken);
    }

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_spool.Length != length)
        {
            throw new InvalidOperationException($"Blob {key} was declared {length} bytes long; {_spool.Length} were written.");
        }
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = _spool.OpenForSending(),
        }, cancellationToken);
    }

    public override ValueTask DisposeAsync() => _spool.DisposeAsync();
}
