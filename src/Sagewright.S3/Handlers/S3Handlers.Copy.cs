using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Bodies;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Handlers;

/// <summary>CopyObject and UploadPartCopy: the source is read (and decrypted) as the caller, who needs s3:GetObject on it.</summary>
internal sealed partial class S3Handlers
{
    public async ValueTask<OperationResult> CopyObject(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        var source = await CopySourceAsync(call);
        CheckCopySourceConditions(call.Input, source.Object);
        var replace = call.Input.Optional("MetadataDirective") switch
        {
            null or "COPY" => false,
            "REPLACE" => true,
            var other => throw S3Errors.InvalidArgument($"Unknown metadata directive: {other}", "x-amz-metadata-directive", other),
        };
        var changesEncryption = call.Input.Optional("ServerSideEncryption") is not null;
        if (source.Object.Bucket == bucket.Name && source.Object.Key == key && !replace && !changesEncryption && call.Input.Optional("StorageClass") is null)
        {
            throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }
        if (source.Object.Size > MaxSingleUpload)
        {
            throw S3Errors.InvalidRequest($"The specified copy source is larger than the maximum allowable size for a copy source: {MaxSingleUpload}");
        }
        var (sealedKey, dataKey) = await NewDataKeyAsync(call, bucket, key, call.Input);
        var algorithm = Checksums.Parse(call.Input.Optional("ChecksumAlgorithm")) ?? source.Object.Checksum?.Algorithm;
        var written = await CopyDataAsync(call, source, 0, source.Object.Size, dataKey, algorithm,
            sealedKey?.Algorithm == SealedKey.Kms ? ContentDigest.XxHash128 : ContentDigest.Md5);
        var checksum = algorithm is { } a ? new ObjectChecksum(a, written.Checksums[a], "FULL_OBJECT") : null;
        var headers = replace ? StoredHeaders(call.Input) : source.Object.Headers;
        var tags = call.Input.Optional("TaggingDirective") == "REPLACE" ? TagsFromHeader(call.Input) : source.Object.Tags;
        var item = new StoredObject(bucket.Name, key, source.Object.Size, Quote(Convert.ToHexStringLower(written.Md5)), time.GetUtcNow(),
            headers, call.Input.Optional("StorageClass") ?? source.Object.StorageClass, [written.Segment], sealedKey, checksum, null, tags);
        await WriteAsync(call, db => S3Store.PutObjectAsync(db, item, GraceUntil));
        var result = new JsonObject { ["ETag"] = item.ETag, ["LastModified"] = item.LastModified };
        AddChecksumOutput(result, checksum);
        result.Remove("ChecksumType");
        var output = new JsonObject { ["CopyObjectResult"] = result, ["CopySourceVersionId"] = "null" };
        AddEncryptionOutput(output, sealedKey);
        return output;
    }

    public async ValueTask<OperationResult> UploadPartCopy(OperationCall call)
    {
        var (bucket, upload, partNumber) = await PartTargetAsync(call);
        var source = await CopySourceAsync(call);
        CheckCopySourceConditions(call.Input, source.Object);
        var (offset, length) = (0L, source.Object.Size);
        if (call.Input.Optional("CopySourceRange") is { } rangeHeader)
        {
            var range = ByteRange.Parse(rangeHeader) is { First: not null, Last: not null } parsed
                ? parsed
                : throw S3Errors.InvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
                    "x-amz-copy-source-range", rangeHeader);
            if (range.Last >= source.Object.Size)
            {
                throw S3Errors.InvalidRange(rangeHeader, source.Object.Size);
            }
            (offset, length) = range.Resolve(source.Object.Size) ?? throw S3Errors.InvalidRange(rangeHeader, source.Object.Size);
        }
        var dataKey = await DataKeyAsync(call, bucket.Name, upload.Key, upload.Encryption);
        var written = await CopyDataAsync(call, source, offset, length, dataKey, upload.ChecksumAlgorithm,
            upload.Encryption?.Algorithm == SealedKey.Kms ? ContentDigest.XxHash128 : ContentDigest.Md5);
        var part = await SavePartAsync(call, upload, partNumber, written);
        var result = new JsonObject { ["ETag"] = part.ETag, ["LastModified"] = part.LastModified };
        if (upload.ChecksumAlgorithm is { } algorithm)
        {
            result[Checksums.MemberName(algorithm)] = part.Checksum;
        }
        var output = new JsonObject { ["CopyPartResult"] = result, ["CopySourceVersionId"] = "null" };
        AddEncryptionOutput(output, upload.Encryption);
        return output;
    }

    private sealed record CopySourceObject(Bucket Bucket, StoredObject Object);

    /// <summary>Resolves x-amz-copy-source ("bucket/key", URL-encoded, optionally "?versionId=null") and authorizes reading it.</summary>
    private async Task<CopySourceObject> CopySourceAsync(OperationCall call)
    {
        var header = call.Input.Required("CopySource");
        var text = header;
        var query = text.IndexOf('?');
        if (query >= 0)
        {
            var version = text[(query + 1)..];
            if (version != "versionId=null" && version.StartsWith("versionId=", StringComparison.Ordinal))
            {
                throw S3Errors.InvalidArgument("Invalid version id specified", "x-amz-copy-source", header);
            }
            text = text[..query];
        }
        text = Uri.UnescapeDataString(text.TrimStart('/'));
        var slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw S3Errors.InvalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
        }
        var (bucketName, key) = (text[..slash], text[(slash + 1)..]);
        var bucket = await database.ReadAsync(db => S3Store.FindBucketAsync(db, bucketName), call.Aborted) ?? throw S3Errors.NoSuchBucket(bucketName);
        await authorizer.AuthorizeAsync(call.Context, "s3:GetObject", BucketNames.ObjectArn(bucketName, key), S3Access.PolicyOf(bucket));
        var item = await database.ReadAsync(db => S3Store.FindObjectAsync(db, bucketName, key), call.Aborted) ?? throw S3Errors.NoSuchKey(key);
        return new CopySourceObject(bucket, item);
    }

    private static void CheckCopySourceConditions(JsonObject input, StoredObject source)
    {
        var ifMatch = input.Optional("CopySourceIfMatch");
        if (ifMatch is not null && !EntityTagMatches(ifMatch, source.ETag))
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Match");
        }
        if (ifMatch is null && input.OptionalTimestamp("CopySourceIfUnmodifiedSince") is { } unmodified && Truncated(source.LastModified) > unmodified)
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        }
        var ifNoneMatch = input.Optional("CopySourceIfNoneMatch");
        if (ifNoneMatch is not null && EntityTagMatches(ifNoneMatch, source.ETag))
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-None-Match");
        }
        if (ifNoneMatch is null && input.OptionalTimestamp("CopySourceIfModifiedSince") is { } modified && Truncated(source.LastModified) <= modified)
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
    }

    /// <summary>Streams a range of the source object into a new blob through a pipe: read, decrypt, re-hash, re-encrypt.</summary>
    private async Task<WrittenSegment> CopyDataAsync(OperationCall call, CopySourceObject source, long offset, long length, byte[]? dataKey,
        ChecksumAlgorithm? algorithm, ContentDigest digest)
    {
        var sourceKey = await DataKeyAsync(call, source.Bucket.Name, source.Object.Key, source.Object.Encryption);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024));
        var producer = Task.Run(async () =>
        {
            try
            {
                await using var sink = pipe.Writer.AsStream(leaveOpen: true);
                await _reader.WriteRangeAsync(source.Object.Segments, sourceKey, offset, length, sink, call.Aborted);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        });
        try
        {
            await using var reader = pipe.Reader.AsStream();
            return await _writer.WriteAsync(reader, length, dataKey, algorithm is { } a ? [a] : [], null, call.Aborted, digest);
        }
        finally
        {
            await pipe.Reader.CompleteAsync();
            await producer;
        }
    }

    public async ValueTask<OperationResult> DeleteObjects(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var delete = call.Input["Delete"] as JsonObject ?? throw S3Errors.MalformedXml();
        var entries = (delete["Objects"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? throw S3Errors.MalformedXml();
        if (entries.Length is 0 or > 1000)
        {
            throw S3Errors.MalformedXml();
        }
        var quiet = delete.OptionalBoolean("Quiet") == true;
        var deleted = new JsonArray();
        var errors = new JsonArray();
        foreach (var entry in entries)
        {
            var key = entry.Required("Key");
            try
            {
                BucketNames.ValidateKey(key);
                // Each key is authorized on its own: DeleteObjects needs s3:DeleteObject on every object it names.
                await authorizer.AuthorizeAsync(call.Context, "s3:DeleteObject", BucketNames.ObjectArn(bucket.Name, key), S3Access.PolicyOf(bucket));
                await WriteAsync(call, db => S3Store.DeleteObjectAsync(db, bucket.Name, key, GraceUntil));
                if (!quiet)
                {
                    deleted.Add(new JsonObject { ["Key"] = key });
                }
            }
            catch (AwsServiceException e) when (e.StatusCode < 500)
            {
                errors.Add(new JsonObject { ["Key"] = key, ["Code"] = e.Code, ["Message"] = e.Code == "AccessDenied" ? "Access Denied" : e.Message });
            }
        }
        return new JsonObject { ["Deleted"] = deleted, ["Errors"] = errors };
    }
}
