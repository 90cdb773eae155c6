using System.Globalization;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Bodies;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Handlers;

/// <summary>Objects: put, get (ranges, conditions), head, delete.</summary>
internal sealed partial class S3Handlers
{
    public const long MaxSingleUpload = 5L * 1024 * 1024 * 1024;
    private static readonly string[] StoredHeaderMembers =
        ["ContentType", "CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "Expires", "WebsiteRedirectLocation"];

    public async ValueTask<OperationResult> PutObject(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        var expectations = UploadExpectations.Of(call.Context.Http.Request, call.Input, call.Body, MaxSingleUpload);
        var tags = TagsFromHeader(call.Input);
        var (sealedKey, dataKey) = await NewDataKeyAsync(call, bucket, key, call.Input);
        var written = await _writer.WriteAsync(call.Body ?? Stream.Null, expectations.Length, dataKey, expectations.Algorithms, expectations.Verify, call.Aborted,
            expectations.DigestFor(sealedKey));
        var checksum = expectations.ChecksumOf(written) is { } value ? new ObjectChecksum(expectations.Algorithm!.Value, value, "FULL_OBJECT") : null;
        var item = new StoredObject(bucket.Name, key, expectations.Length, Quote(Convert.ToHexStringLower(written.Md5)), time.GetUtcNow(),
            StoredHeaders(call.Input), StorageClass(call.Input), [written.Segment], sealedKey, checksum, null, tags);
        await WriteAsync(call, async db =>
        {
            await CheckWriteConditionsAsync(db, call.Input, bucket.Name, key);
            await S3Store.PutObjectAsync(db, item, GraceUntil);
        });
        var output = new JsonObject { ["ETag"] = item.ETag };
        AddChecksumOutput(output, checksum);
        AddEncryptionOutput(output, sealedKey);
        return output;
    }

    public ValueTask<OperationResult> GetObject(OperationCall call) => ReadObjectAsync(call, withBody: true);

    public ValueTask<OperationResult> HeadObject(OperationCall call) => ReadObjectAsync(call, withBody: false);

    private async ValueTask<OperationResult> ReadObjectAsync(OperationCall call, bool withBody)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        if (call.Input.Optional("VersionId") is { } version && version != "null")
        {
            throw S3Errors.InvalidArgument("Invalid version id specified", "versionId", version);
        }
        var item = await database.ReadAsync(db => S3Store.FindObjectAsync(db, bucket.Name, key), call.Aborted)
            ?? throw await MissingKeyAsync(call, bucket, key);
        CheckReadConditions(call.Input, item);

        var output = ObjectOutput(item, call.Input);
        AddTagCount(output, item);
        var (offset, length, partial) = SelectedRange(call, item, output);
        output["ContentLength"] = length;
        if (!partial && call.Input.Optional("ChecksumMode") == "ENABLED")
        {
            AddChecksumOutput(output, item.Checksum);
        }
        if (!withBody)
        {
            return new OperationResult { Output = output, StatusCode = partial ? 206 : 200 };
        }
        var dataKey = await DataKeyAsync(call, bucket.Name, key, item.Encryption);
        return new OperationResult
        {
            Output = output,
            StatusCode = partial ? 206 : 200,
            BodyLength = length,
            WriteBody = (stream, ct) => _reader.WriteRangeAsync(item.Segments, dataKey, offset, length, stream, ct),
        };
    }

    public async ValueTask<OperationResult> DeleteObject(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        await WriteAsync(call, db => S3Store.DeleteObjectAsync(db, bucket.Name, key, GraceUntil));
        return new OperationResult { StatusCode = 204 };
    }

    /// <summary>404 NoSuchKey only for callers who may list the bucket; others learn nothing (403), as S3 does.</summary>
    private async Task<AwsServiceException> MissingKeyAsync(OperationCall call, Bucket bucket, string key)
    {
        try
        {
            await authorizer.AuthorizeAsync(call.Context, "s3:ListBucket", BucketNames.BucketArn(bucket.Name), S3Access.PolicyOf(bucket));
            return S3Errors.NoSuchKey(key);
        }
        catch (AwsServiceException e) when (e.Code == "AccessDenied")
        {
            return AwsServiceException.AccessDenied("Access Denied");
        }
    }

    private static JsonObject StoredHeaders(JsonObject input)
    {
        var headers = new JsonObject();
        foreach (var member in StoredHeaderMembers)
        {
            if (input[member] is { } value)
            {
                headers[member] = value.DeepClone();
            }
        }
        headers["ContentType"] ??= "binary/octet-stream";
        // aws-chunked is how the body travelled, not how it is stored (AWS SDK for .NET sends "aws-chunked").
        if (headers["ContentEncoding"]?.GetValue<string>() is { } encoding)
        {
            var kept = string.Join(",", encoding.Split(',').Select(e => e.Trim()).Where(e => e.Length > 0 && e != "aws-chunked"));
            if (kept.Length == 0)
            {
                headers.Remove("ContentEncoding");
            }
            else
            {
                headers["ContentEncoding"] = kept;
            }
        }
        if (input["Metadata"] is JsonObject metadata && metadata.Count > 0)
        {
            // S3 keeps user metadata names in lower case (HTTP header names are case-insensitive).
            var lowered = new JsonObject();
            foreach (var (name, value) in metadata)
            {
                lowered[name.ToLowerInvariant()] = value?.DeepClone();
            }
            headers["Metadata"] = lowered;
        }
        return headers;
    }

    private static string StorageClass(JsonObject input) => input.Optional("StorageClass") ?? "STANDARD";

    private static JsonObject ObjectOutput(StoredObject item, JsonObject input)
    {
        var output = (JsonObject)item.Headers.DeepClone();
        output["ETag"] = item.ETag;
        output["LastModified"] = item.LastModified;
        output["AcceptRanges"] = "bytes";
        if (item.StorageClass != "STANDARD")
        {
            output["StorageClass"] = item.StorageClass;
        }
        AddEncryptionOutput(output, item.Encryption);
        foreach (var (member, target) in ResponseOverrides)
        {
            if (input.Optional(member) is { } value)
            {
                output[target] = value;
            }
        }
        return output;
    }

    private static readonly (string Member, string Target)[] ResponseOverrides =
    [
        ("ResponseCacheControl", "CacheControl"),
        ("ResponseContentDisposition", "ContentDisposition"),
        ("ResponseContentEncoding", "ContentEncoding"),
        ("ResponseContentLanguage", "ContentLanguage"),
        ("ResponseContentType", "ContentType"),
        ("ResponseExpires", "Expires"),
    ];

    private static void AddChecksumOutput(JsonObject output, ObjectChecksum? checksum)
    {
        if (checksum is null)
        {
            return;
        }
        output[Checksums.MemberName(checksum.Algorithm)] = checksum.Value;
        output["ChecksumType"] = checksum.Type;
    }

    /// <summary>The bytes a GET answers: a part (partNumber), a Range, or the whole object.</summary>
    private static (long Offset, long Length, bool Partial) SelectedRange(OperationCall call, StoredObject item, JsonObject output)
    {
        if (call.Input.OptionalInt64("PartNumber") is { } partNumber)
        {
            var segments = item.Segments;
            if (partNumber < 1 || partNumber > segments.Count)
            {
                throw new Core.AwsServiceException("InvalidPartNumber", "The requested partnumber is not satisfiable", 416)
                {
                    Details = new Dictionary<string, string> { ["PartNumberRequested"] = partNumber.ToString(CultureInfo.InvariantCulture), ["ActualPartCount"] = (item.PartsCount ?? 1).ToString(CultureInfo.InvariantCulture) },
                };
            }
            var start = segments.Take((int)partNumber - 1).Sum(s => s.Size);
            var size = segments[(int)partNumber - 1].Size;
            output["PartsCount"] = item.PartsCount ?? 1;
            if (item.PartsCount is null)
            {
                return (0, item.Size, false);
            }
            output["ContentRange"] = $"bytes {start}-{start + size - 1}/{item.Size}";
            return (start, size, true);
        }
        if (call.Input.Optional("Range") is not { } header || ByteRange.Parse(header) is not { } range)
        {
            return (0, item.Size, false);
        }
        var (offset, length) = range.Resolve(item.Size) ?? throw S3Errors.InvalidRange(header, item.Size);
        output["ContentRange"] = $"bytes {offset}-{offset + length - 1}/{item.Size}";
        return (offset, length, true);
    }

    /// <summary>If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304), with RFC 7232 precedence.</summary>
    private static void CheckReadConditions(JsonObject input, StoredObject item)
    {
        var ifMatch = input.Optional("IfMatch");
        var ifNoneMatch = input.Optional("IfNoneMatch");
        if (ifMatch is not null && !EntityTagMatches(ifMatch, item.ETag))
        {
            throw S3Errors.PreconditionFailed("If-Match");
        }
        if (ifMatch is null && input.OptionalTimestamp("IfUnmodifiedSince") is { } unmodifiedSince && Truncated(item.LastModified) > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed("If-Unmodified-Since");
        }
        if (ifNoneMatch is not null)
        {
            if (EntityTagMatches(ifNoneMatch, item.ETag))
            {
                throw S3Errors.NotModified(item.ETag, item.LastModified);
            }
        }
        else if (input.OptionalTimestamp("IfModifiedSince") is { } modifiedSince && Truncated(item.LastModified) <= modifiedSince)
        {
            throw S3Errors.NotModified(item.ETag, item.LastModified);
        }
    }

    /// <summary>Conditional writes: If-None-Match: * (create only) and If-Match: etag (replace only that version).</summary>
    private static async Task CheckWriteConditionsAsync(Data.DbSession db, JsonObject input, string bucket, string key)
    {
        var ifMatch = input.Optional("IfMatch");
        var ifNoneMatch = input.Optional("IfNoneMatch");
        if (ifMatch is null && ifNoneMatch is null)
        {
            return;
        }
        var existing = await S3Store.FindObjectAsync(db, bucket, key);
        if (ifNoneMatch is not null && existing is not null && EntityTagMatches(ifNoneMatch, existing.ETag))
        {
            throw S3Errors.PreconditionFailed("If-None-Match");
        }
        if (ifMatch is not null && (existing is null ? throw S3Errors.NoSuchKey(key) : !EntityTagMatches(ifMatch, existing.ETag)))
        {
            throw S3Errors.PreconditionFailed("If-Match");
        }
    }

    private static bool EntityTagMatches(string condition, string etag) =>
        condition.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || $"\"{t}\"" == etag || t.StartsWith("W/", StringComparison.Ordinal) && t[2..] == etag);

    // HTTP dates have whole seconds.
    private static DateTimeOffset Truncated(DateTimeOffset instant) => new(instant.Ticks - instant.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
