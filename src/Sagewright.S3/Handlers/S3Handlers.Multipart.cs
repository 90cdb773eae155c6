using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Bodies;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Handlers;

/// <summary>Multipart uploads: parts are blobs of their own and become the completed object's segments, never copied.</summary>
internal sealed partial class S3Handlers
{
    public const long MinPartSize = 5L * 1024 * 1024;
    private const int MaxParts = 10000;

    public async ValueTask<OperationResult> CreateMultipartUpload(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        var (sealedKey, dataKey) = await NewDataKeyAsync(call, bucket, key, call.Input);
        if (dataKey is not null)
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
        var algorithm = Checksums.Parse(call.Input.Optional("ChecksumAlgorithm"));
        var checksumType = UploadChecksumType(algorithm, call.Input.Optional("ChecksumType"));
        var now = time.GetUtcNow();
        var upload = new MultipartUpload(
            UploadId(now), bucket.Name, key, now, call.Caller.Arn, call.Caller.UserId, bucket.AccountId,
            StoredHeaders(call.Input), StorageClass(call.Input), sealedKey, algorithm, checksumType, TagsFromHeader(call.Input));
        await WriteAsync(call, db => S3Store.InsertUploadAsync(db, upload));
        var output = new JsonObject { ["Bucket"] = bucket.Name, ["Key"] = key, ["UploadId"] = upload.UploadId };
        AddEncryptionOutput(output, sealedKey);
        if (algorithm is { } a)
        {
            output["ChecksumAlgorithm"] = Checksums.WireName(a);
            output["ChecksumType"] = upload.ChecksumType;
        }
        return output;
    }

    /// <summary>
    /// COMPOSITE (a checksum of the part checksums, "-N") or FULL_OBJECT (the checksum of the whole object, which only
    /// CRCs can give without re-reading: they combine). CRC64NVME is always FULL_OBJECT, as on S3.
    /// </summary>
    private static string? UploadChecksumType(ChecksumAlgorithm? algorithm, string? requested)
    {
        if (algorithm is null)
        {
            return requested is null
                ? null
                : throw S3Errors.InvalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }
        var type = requested ?? (algorithm == ChecksumAlgorithm.Crc64Nvme ? "FULL_OBJECT" : "COMPOSITE");
        if (type == "FULL_OBJECT" && !CrcCombination.Supports(algorithm.Value) || type == "COMPOSITE" && algorithm == ChecksumAlgorithm.Crc64Nvme
            || type is not ("FULL_OBJECT" or "COMPOSITE"))
        {
            throw S3Errors.InvalidRequest($"The {type} checksum type cannot be used with the {Checksums.WireName(algorithm.Value).ToLowerInvariant()} checksum algorithm.");
        }
        return type;
    }

    /// <summary>A new upload id that sorts by creation time (hex ticks first), so listing by id lists uploads in the order they began.</summary>
    private static string UploadId(DateTimeOffset now) =>
        now.UtcTicks.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)
        + Convert.ToBase64String(RandomNumberGenerator.GetBytes(36)).Replace('+', '-').Replace('/', '_');

    public async ValueTask<OperationResult> UploadPart(OperationCall call)
    {
        var (bucket, upload, partNumber) = await PartTargetAsync(call);
        var expectations = UploadExpectations.Of(call.Context.Http.Request, call.Input, call.Body, MaxSingleUpload);
        var algorithms = expectations.Algorithms.Concat(upload.ChecksumAlgorithm is { } a ? [a] : []).Distinct().ToArray();
        var dataKey = await DataKeyAsync(call, bucket.Name, upload.Key, upload.Encryption);
        var written = await _writer.WriteAsync(call.Body ?? Stream.Null, expectations.Length, dataKey, algorithms, expectations.Verify, call.Aborted,
            expectations.DigestFor(upload.Encryption));
        var part = await SavePartAsync(call, upload, partNumber, written);
        var output = new JsonObject { ["ETag"] = part.ETag };
        if (upload.ChecksumAlgorithm is { } algorithm)
        {
            output[Checksums.MemberName(algorithm)] = part.Checksum;
        }
        AddEncryptionOutput(output, upload.Encryption);
        return output;
    }

    private async Task<UploadedPart> SavePartAsync(OperationCall call, MultipartUpload upload, int partNumber, WrittenSegment written)
    {
        var checksum = upload.ChecksumAlgorithm is { } algorithm ? written.Checksums[algorithm] : null;
        var part = new UploadedPart(partNumber, written.Segment.Size, Quote(Convert.ToHexStringLower(written.Md5)), time.GetUtcNow(), written.Segment, checksum);
        await WriteAsync(call, async db =>
        {
            // The upload may have been completed or aborted while the part streamed in.
            _ = await S3Store.FindUploadAsync(db, upload.Bucket, upload.Key, upload.UploadId) ?? throw S3Errors.NoSuchUpload(upload.UploadId);
            await S3Store.PutPartAsync(db, upload.UploadId, part, GraceUntil);
        });
        return part;
    }

    private async Task<(Bucket Bucket, MultipartUpload Upload, int PartNumber)> PartTargetAsync(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        var partNumber = call.Input.OptionalInt64("PartNumber") ?? 0;
        if (partNumber is < 1 or > MaxParts)
        {
            throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var upload = await FindUploadAsync(call, bucket, key);
        return (bucket, upload, (int)partNumber);
    }

    private async Task<MultipartUpload> FindUploadAsync(OperationCall call, Bucket bucket, string key)
    {
        var uploadId = call.Input.Required("UploadId");
        return await database.ReadAsync(db => S3Store.FindUploadAsync(db, bucket.Name, key, uploadId), call.Aborted)
            ?? throw S3Errors.NoSuchUpload(uploadId);
    }

    public async ValueTask<OperationResult> CompleteMultipartUpload(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        var upload = await FindUploadAsync(call, bucket, key);
        var requested = RequestedParts(call.Input);
        StoredObject? item = null;
        await WriteAsync(call, async db =>
        {
            var uploaded = (await S3Store.ListPartsAsync(db, upload.UploadId, 0, MaxParts)).ToDictionary(p => p.PartNumber);
            var parts = requested.Select(r => MatchPart(r, uploaded, upload)).ToArray();
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (parts[i].Size < options.MinPartSize)
                {
                    throw S3Errors.EntityTooSmall(parts[i].Size);
                }
            }
            await CheckWriteConditionsAsync(db, call.Input, bucket.Name, key);
            var etag = Quote($"{Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(p => Convert.FromHexString(p.ETag.Trim('"'))).ToArray()))}-{parts.Length}");
            var checksum = upload.ChecksumAlgorithm is { } algorithm ? UploadChecksum(upload, algorithm, parts, call.Input) : null;
            item = new StoredObject(bucket.Name, key, parts.Sum(p => p.Size), etag, time.GetUtcNow(), upload.Headers, upload.StorageClass,
                parts.Select(p => p.Segment).ToArray(), upload.Encryption, checksum, parts.Length, upload.Tags);
            await S3Store.RemoveUploadAsync(db, upload.UploadId, Segment.BlobsOf(parts.Select(p => p.Segment)).ToHashSet(), GraceUntil);
            await S3Store.PutObjectAsync(db, item, GraceUntil);
        });
        var output = new JsonObject
        {
            ["Location"] = $"/{bucket.Name}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}",
            ["Bucket"] = bucket.Name,
            ["Key"] = key,
            ["ETag"] = item!.ETag,
        };
        AddChecksumOutput(output, item.Checksum);
        AddEncryptionOutput(output, item.Encryption);
        return output;
    }

    /// <summary>The completed object's checksum; when the Complete request states one, it must match (BadDigest).</summary>
    private static ObjectChecksum UploadChecksum(MultipartUpload upload, ChecksumAlgorithm algorithm, IReadOnlyList<UploadedPart> parts, JsonObject input)
    {
        var value = upload.ChecksumType == "FULL_OBJECT"
            ? CrcCombination.Combine(algorithm, parts.Select(p => (p.Checksum!, p.Size)))
            : Checksums.Composite(algorithm, parts.Select(p => p.Checksum!));
        if (input.Optional(Checksums.MemberName(algorithm)) is { } stated && stated.Split('-')[0] != value.Split('-')[0])
        {
            throw S3Errors.BadDigest($"The {Checksums.WireName(algorithm)} you specified for the whole object did not match the one calculated from its parts.");
        }
        return new ObjectChecksum(algorithm, value, upload.ChecksumType ?? "COMPOSITE");
    }

    private static IReadOnlyList<(int PartNumber, string ETag, string? Checksum)> RequestedParts(JsonObject input)
    {
        if (input["MultipartUpload"]?["Parts"] is not JsonArray { Count: > 0 } list)
        {
            throw S3Errors.MalformedXml();
        }
        var parts = new List<(int, string, string?)>();
        var previous = 0;
        foreach (var entry in list.OfType<JsonObject>())
        {
            var number = (int)(entry.OptionalInt64("PartNumber") ?? throw S3Errors.MalformedXml());
            var etag = entry.Optional("ETag") ?? throw S3Errors.MalformedXml();
            if (number <= previous)
            {
                throw S3Errors.InvalidPartOrder();
            }
            previous = number;
            var checksum = Checksums.All.Select(a => entry.Optional(Checksums.MemberName(a))).FirstOrDefault(v => v is not null);
            parts.Add((number, etag, checksum));
        }
        return parts;
    }

    private static UploadedPart MatchPart((int PartNumber, string ETag, string? Checksum) requested, Dictionary<int, UploadedPart> uploaded, MultipartUpload upload)
    {
        if (!uploaded.TryGetValue(requested.PartNumber, out var part))
        {
            throw S3Errors.InvalidPart(requested.PartNumber, "not uploaded");
        }
        if (part.ETag.Trim('"') != requested.ETag.Trim().Trim('"'))
        {
            throw S3Errors.InvalidPart(requested.PartNumber, "entity tag does not match");
        }
        if (requested.Checksum is not null && upload.ChecksumAlgorithm is not null && requested.Checksum != part.Checksum)
        {
            throw S3Errors.InvalidPart(requested.PartNumber, "checksum does not match");
        }
        return part;
    }

    public async ValueTask<OperationResult> AbortMultipartUpload(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        var upload = await FindUploadAsync(call, bucket, key);
        await WriteAsync(call, async db =>
        {
            _ = await S3Store.FindUploadAsync(db, bucket.Name, key, upload.UploadId) ?? throw S3Errors.NoSuchUpload(upload.UploadId);
            await S3Store.RemoveUploadAsync(db, upload.UploadId, new HashSet<string>(), GraceUntil);
        });
        return new OperationResult { StatusCode = 204 };
    }

    public async ValueTask<OperationResult> ListParts(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        var upload = await FindUploadAsync(call, bucket, key);
        var marker = (int)(call.Input.OptionalInt64("PartNumberMarker") ?? 0);
        var max = (int)Math.Clamp(call.Input.OptionalInt64("MaxParts") ?? 1000, 0, 1000);
        var page = await database.ReadAsync(db => S3Store.ListPartsAsync(db, upload.UploadId, marker, max + 1), call.Aborted);
        var shown = page.Take(max).ToArray();
        var output = new JsonObject
        {
            ["Bucket"] = bucket.Name,
            ["Key"] = key,
            ["UploadId"] = upload.UploadId,
            ["PartNumberMarker"] = marker,
            ["MaxParts"] = max,
            ["IsTruncated"] = page.Count > max,
            ["Initiator"] = new JsonObject { ["ID"] = upload.InitiatorArn, ["DisplayName"] = upload.InitiatorId },
            ["Owner"] = Owner(upload.OwnerAccountId),
            ["StorageClass"] = upload.StorageClass,
            ["Parts"] = new JsonArray(shown.Select(p =>
            {
                var entry = new JsonObject { ["PartNumber"] = p.PartNumber, ["LastModified"] = p.LastModified, ["ETag"] = p.ETag, ["Size"] = p.Size };
                if (upload.ChecksumAlgorithm is { } algorithm && p.Checksum is not null)
                {
                    entry[Checksums.MemberName(algorithm)] = p.Checksum;
                }
                return (JsonNode)entry;
            }).ToArray()),
        };
        if (shown.Length > 0)
        {
            output["NextPartNumberMarker"] = shown[^1].PartNumber;
        }
        if (upload.ChecksumAlgorithm is { } a)
        {
            output["ChecksumAlgorithm"] = Checksums.WireName(a);
            output["ChecksumType"] = upload.ChecksumType;
        }
        return output;
    }

    public async ValueTask<OperationResult> ListMultipartUploads(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var prefix = call.Input.Optional("Prefix") ?? "";
        var delimiter = call.Input.Optional("Delimiter") is { Length: > 0 } d ? d : null;
        var keyMarker = call.Input.Optional("KeyMarker") ?? "";
        var uploadIdMarker = call.Input.Optional("UploadIdMarker");
        var max = (int)Math.Clamp(call.Input.OptionalInt64("MaxUploads") ?? 1000, 0, 1000);
        var encode = new ListingRequest(prefix, delimiter, max, call.Input.Optional("EncodingType") == "url").Encoder;
        var candidates = await database.ReadAsync(db => S3Store.ListUploadsAsync(db, bucket.Name, prefix, keyMarker, 10 * max + 1000), call.Aborted);

        var uploads = new List<MultipartUpload>();
        var prefixes = new List<string>();
        var truncated = false;
        foreach (var upload in candidates.Where(u => AfterMarkers(u, keyMarker, uploadIdMarker)))
        {
            var common = delimiter is null ? null : upload.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal) is var at and >= 0 ? upload.Key[..(at + delimiter.Length)] : null;
            if (common is not null && prefixes.Count > 0 && prefixes[^1] == common)
            {
                continue;
            }
            if (uploads.Count + prefixes.Count == max)
            {
                truncated = true;
                break;
            }
            if (common is not null)
            {
                prefixes.Add(common);
            }
            else
            {
                uploads.Add(upload);
            }
        }
        var output = new JsonObject
        {
            ["Bucket"] = bucket.Name,
            ["KeyMarker"] = encode(keyMarker),
            ["UploadIdMarker"] = uploadIdMarker ?? "",
            ["Prefix"] = encode(prefix),
            ["MaxUploads"] = max,
            ["IsTruncated"] = truncated,
            ["Uploads"] = new JsonArray(uploads.Select(u => (JsonNode)new JsonObject
            {
                ["UploadId"] = u.UploadId,
                ["Key"] = encode(u.Key),
                ["Initiated"] = u.Initiated,
                ["StorageClass"] = u.StorageClass,
                ["Owner"] = Owner(u.OwnerAccountId),
                ["Initiator"] = new JsonObject { ["ID"] = u.InitiatorArn, ["DisplayName"] = u.InitiatorId },
            }).ToArray()),
            ["CommonPrefixes"] = new JsonArray(prefixes.Select(p => (JsonNode)new JsonObject { ["Prefix"] = encode(p) }).ToArray()),
        };
        if (delimiter is not null)
        {
            output["Delimiter"] = encode(delimiter);
        }
        if (truncated && uploads.Count > 0)
        {
            output["NextKeyMarker"] = encode(uploads[^1].Key);
            output["NextUploadIdMarker"] = uploads[^1].UploadId;
        }
        return output;
    }

    private static bool AfterMarkers(MultipartUpload upload, string keyMarker, string? uploadIdMarker)
    {
        var order = string.CompareOrdinal(upload.Key, keyMarker);
        if (order != 0 || keyMarker.Length == 0)
        {
            return order > 0 || keyMarker.Length == 0;
        }
        // Same key as the marker: only uploads after the upload-id marker (S3 ignores the id marker without a key marker).
        return uploadIdMarker is not null && string.CompareOrdinal(upload.UploadId, uploadIdMarker) > 0;
    }
}
