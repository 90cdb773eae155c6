using Amazon.S3;
using Amazon.S3.Model;

namespace Sagewright.S3.Blobs;

/// <summary>
/// Writes a large blob as a multipart upload, each part streamed as it is written. Parts are invisible until
/// <see cref="CommitAsync"/> completes the upload; disposing without committing aborts it.
/// </summary>
internal sealed class MultipartBlobWriter(
    IAmazonS3 client, string bucket, string key, string uploadId, long length, long partSize, CancellationToken uploadCancellation) : BlobWriter
{
    private readonly List<Task<UploadPartResponse>> _sentParts = [];
    private PipedRequest<UploadPartResponse>? _part;
    private long _partRemaining;
    private long _written;
    private bool _committed;

    public static async Task<MultipartBlobWriter> StartAsync(IAmazonS3 client, string bucket, string key, long length, long partSize, CancellationToken cancellationToken)
    {
        // S3 allows 10,000 parts: grow the parts for blobs that would need more.
        partSize = Math.Max(partSize, (length + 9_999) / 10_000);
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken);
        return new MultipartBlobWriter(client, bucket, key, upload.UploadId, length, partSize, cancellationToken);
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
            _part ??= StartPart();
            var take = (int)Math.Min(data.Length, _partRemaining);
            await _part.WriteAsync(data[..take], cancellationToken);
            data = data[take..];
            _partRemaining -= take;
            if (_partRemaining == 0)
            {
                await FinishPartAsync();
            }
        }
    }

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_written != length)
        {
            throw new InvalidOperationException($"Blob {key} was declared {length} bytes long; {_written} were written.");
        }
        var parts = await Task.WhenAll(_sentParts);
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = parts.Select((part, index) => new PartETag(index + 1, part.ETag)).ToList(),
        }, cancellationToken);
        _committed = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }
        if (_part is not null)
        {
            await _part.DisposeAsync();
        }
        // Parts still in flight must end before the abort, or a late one could outlive it.
        await ((Task)Task.WhenAll(_sentParts)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
    }

    private PipedRequest<UploadPartResponse> StartPart()
    {
        var partNumber = _sentParts.Count + 1;
        var size = Math.Min(partSize, length - (partNumber - 1) * partSize);
        _partRemaining = size;
        return new PipedRequest<UploadPartResponse>((body, ct) => client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            PartSize = size,
            InputStream = new ForwardOnlyPartStream(body, size),
            IsLastPart = partNumber * partSize >= length,
        }, ct), uploadCancellation);
    }

    private async Task FinishPartAsync()
    {
        var part = _part!;
        _part = null;
        _sentParts.Add(CompleteAndDisposeAsync(part));
        // At most two parts in flight: the previous one must have been answered before the next one starts.
        if (_sentParts.Count > 1)
        {
            await _sentParts[^2];
        }
    }

    private static async Task<UploadPartResponse> CompleteAndDisposeAsync(PipedRequest<UploadPartResponse> part)
    {
        await using (part)
        {
            return await part.CompleteAsync();
        }
    }
}
