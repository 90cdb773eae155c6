using Amazon.S3;
using Amazon.S3.Model;

namespace Sagewright.S3.Blobs;

/// <summary>
/// Writes a large blob as a multipart upload: each part is spooled to a local file and sent once full, while the
/// next part is being written (at most two parts on disk). Parts are invisible until <see cref="CommitAsync"/>
/// completes the upload; disposing without committing aborts it.
/// </summary>
internal sealed class MultipartBlobWriter(
    IAmazonS3 client, string bucket, string key, string uploadId, long length, long partSize, string? spoolDirectory) : BlobWriter
{
    private readonly List<Task<PartETag>> _sentParts = [];
    private SpoolFile? _part;
    private long _written;
    private bool _committed;

    public static async Task<MultipartBlobWriter> StartAsync(
        IAmazonS3 client, string bucket, string key, long length, long partSize, string? spoolDirectory, CancellationToken cancellationToken)
    {
        // S3 allows 10,000 parts: grow the parts for blobs that would need more.
        partSize = Math.Max(partSize, (length + 9_999) / 10_000);
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken);
        return new MultipartBlobWriter(client, bucket, key, upload.UploadId, length, partSize, spoolDirectory);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_written + data.Length > length)
        {
            throw new InvalidOperationException($"Blob {key} was declared {length} bytes long; more were written.");
        }
        _written += data.Length;
        while (!data.IsEmpty)
        {
            _part ??= new SpoolFile(spoolDirectory);
            var take = (int)Math.Min(data.Length, partSize - _part.Length);
            await _part.WriteAsync(data[..take], cancellationToken);
            data = data[take..];
            if (_part.Length == partSize)
            {
                await SendPartAsync(cancellationToken);
            }
        }
    }

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_written != length)
        {
            throw new InvalidOperationException($"Blob {key} was declared {length} bytes long; {_written} were written.");
        }
        if (_part is not null)
        {
            await SendPartAsync(cancellationToken);
        }
        var parts = await Task.WhenAll(_sentParts);
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = [.. parts],
        }, cancellationToken);
        _committed = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_part is not null)
        {
            await _part.DisposeAsync();
            _part = null;
        }
        // Parts still in flight must end before the abort, or a late one could outlive it.
        await ((Task)Task.WhenAll(_sentParts)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_committed)
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
        }
    }

    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        var part = _part!;
        _part = null;
        _sentParts.Add(UploadAsync(part, _sentParts.Count + 1, cancellationToken));
        // At most two parts in flight (and on disk): the previous one must be sent before the next one fills.
        if (_sentParts.Count > 1)
        {
            await _sentParts[^2];
        }
    }

    private async Task<PartETag> UploadAsync(SpoolFile part, int partNumber, CancellationToken cancellationToken)
    {
        await using (part)
        {
            var response = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = partNumber,
                InputStream = part.OpenForSending(),
            }, cancellationToken);
            return new PartETag(partNumber, response.ETag);
        }
    }
}
