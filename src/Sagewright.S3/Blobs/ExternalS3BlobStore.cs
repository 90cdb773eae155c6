using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Sagewright.S3.Blobs;

/// <summary>
/// Blobs as objects <c>{prefix}{id}</c> in a bucket of an external S3-compatible store, so several replicas share
/// them. Writes are staged in local spool files and sent on commit (one PUT, or a multipart upload above
/// <see cref="S3BackendOptions.MultipartThreshold"/> whose parts are sent as they fill), so the SDK can retry them;
/// reads are ranged GETs whose response body is returned as is.
/// </summary>
public sealed class ExternalS3BlobStore : IBlobStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly S3BackendOptions _options;

    public ExternalS3BlobStore(S3BackendOptions options)
    {
        if (options.PartSize < 5L * 1024 * 1024 || options.MultipartThreshold < options.PartSize)
        {
            throw new ArgumentException("The external store's part size must be at least 5 MiB and no larger than the multipart threshold.", nameof(options));
        }
        _options = options;
        _client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), new AmazonS3Config
        {
            ServiceURL = options.Endpoint,
            AuthenticationRegion = options.Region,
            ForcePathStyle = true,
            // Trailing checksums are not understood by every S3-compatible store; SigV4 (and TLS) protect the bytes.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public async ValueTask<BlobWriter> CreateAsync(string blobId, long length, CancellationToken cancellationToken)
    {
        var key = Key(blobId);
        return length > _options.MultipartThreshold
            ? await MultipartBlobWriter.StartAsync(_client, _options.Bucket, key, length, _options.PartSize, _options.SpoolDirectory, cancellationToken)
            : new SinglePutBlobWriter(_client, _options.Bucket, key, length, _options.SpoolDirectory);
    }

    public async ValueTask<Stream> OpenReadAsync(string blobId, long offset, long length, CancellationToken cancellationToken)
    {
        try
        {
            if (length == 0)
            {
                // A byte range cannot be empty: check the blob exists instead.
                await _client.GetObjectMetadataAsync(_options.Bucket, Key(blobId), cancellationToken);
                return Stream.Null;
            }
            var response = await _client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = _options.Bucket,
                Key = Key(blobId),
                ByteRange = new ByteRange(offset, offset + length - 1),
            }, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            throw new BlobNotFoundException(blobId);
        }
    }

    public async ValueTask DeleteAsync(string blobId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteObjectAsync(_options.Bucket, Key(blobId), cancellationToken);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            // Already gone: deleting is idempotent.
        }
    }

    /// <summary>Fails fast, at startup, when the bucket is missing or the credentials do not reach it.</summary>
    public async Task CheckBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.KeyPrefix, MaxKeys = 1 }, cancellationToken);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"Cannot list bucket {_options.Bucket} of the external object store at {_options.Endpoint}: {(e as AmazonServiceException)?.ErrorCode} {e.Message}", e);
        }
    }

    public void Dispose() => _client.Dispose();

    private string Key(string blobId) => _options.KeyPrefix + blobId;

    // A missing bucket is a configuration error, never a missing blob; HEAD answers a bare 404 without a code.
    private static bool IsMissingKey(AmazonS3Exception e) =>
        e.ErrorCode is "NoSuchKey" || (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is null or "" or "NotFound");
}
