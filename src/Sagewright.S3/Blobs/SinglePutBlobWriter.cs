using Amazon.S3;
using Amazon.S3.Model;

namespace Sagewright.S3.Blobs;

/// <summary>
/// Writes a blob as one PUT, started before the first byte and streamed. The last byte is held back until
/// <see cref="CommitAsync"/>: the store cannot complete a PUT whose declared length it has not received, so an
/// uncommitted blob never becomes an object, even when every other byte was sent.
/// </summary>
internal sealed class SinglePutBlobWriter(IAmazonS3 client, string bucket, string key, long length, CancellationToken uploadCancellation) : BlobWriter
{
    // Nothing to stream for an empty blob: its PUT is sent whole on commit.
    private PipedRequest<PutObjectResponse>? _put = length == 0
        ? null
        : new PipedRequest<PutObjectResponse>((body, ct) => client.PutObjectAsync(Request(bucket, key, length, body), ct), uploadCancellation);
    private long _written;
    private byte _lastByte;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (_put is null || _written + data.Length > length)
        {
            throw new InvalidOperationException($"Blob {key} was declared {length} bytes long; more were written.");
        }
        _written += data.Length;
        if (_written == length)
        {
            _lastByte = data.Span[^1];
            data = data[..^1];
        }
        await _put.WriteAsync(data, cancellationToken);
    }

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_written != length)
        {
            throw new InvalidOperationException($"Blob {key} was declared {length} bytes long; {_written} were written.");
        }
        if (_put is null)
        {
            await client.PutObjectAsync(Request(bucket, key, 0, Stream.Null), cancellationToken);
            return;
        }
        await _put.WriteAsync(new[] { _lastByte }, cancellationToken);
        await _put.CompleteAsync();
        await _put.DisposeAsync();
        _put = null;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_put is not null)
        {
            await _put.DisposeAsync();
            _put = null;
        }
    }

    private static PutObjectRequest Request(string bucket, string key, long length, Stream body)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
        };
        request.Headers.ContentLength = length;
        return request;
    }
}
