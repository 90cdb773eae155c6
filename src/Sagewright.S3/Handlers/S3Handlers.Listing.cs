using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Handlers;

/// <summary>ListObjectsV2, ListObjects and ListObjectVersions over one listing walk (prefix, delimiter, markers).</summary>
internal sealed partial class S3Handlers
{
    public async ValueTask<OperationResult> ListObjectsV2(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var request = ListingRequest.Of(call.Input);
        var token = call.Input.Optional("ContinuationToken");
        var startAfter = call.Input.Optional("StartAfter");
        var position = token is not null ? ListingPosition.Decode(ContinuationTokens.Decode(token)) : ListingPosition.After(startAfter ?? "");
        var page = await ListAsync(bucket.Name, request, position, call.Aborted);
        var encode = request.Encoder;
        var output = request.CommonOutput(bucket.Name, page);
        output["KeyCount"] = page.Objects.Count + page.CommonPrefixes.Count;
        output["Contents"] = ContentsJson(page.Objects, encode, call.Input.OptionalBoolean("FetchOwner") == true ? bucket.AccountId : null);
        if (token is not null)
        {
            output["ContinuationToken"] = token;
        }
        if (startAfter is not null)
        {
            output["StartAfter"] = encode(startAfter);
        }
        if (page.Next is { } next)
        {
            output["NextContinuationToken"] = ContinuationTokens.Encode(next.Encode());
        }
        return output;
    }

    public async ValueTask<OperationResult> ListObjects(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var request = ListingRequest.Of(call.Input);
        var marker = call.Input.Optional("Marker") ?? "";
        var page = await ListAsync(bucket.Name, request, ListingPosition.After(marker), call.Aborted);
        var output = request.CommonOutput(bucket.Name, page);
        output["Marker"] = request.Encoder(marker);
        output["Contents"] = ContentsJson(page.Objects, request.Encoder, bucket.AccountId);
        // NextMarker only with a delimiter; without one clients continue from the last key.
        if (page.Next is not null && request.Delimiter is not null)
        {
            output["NextMarker"] = request.Encoder(page.LastListed!);
        }
        return output;
    }

    public async ValueTask<OperationResult> ListObjectVersions(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var request = ListingRequest.Of(call.Input);
        var keyMarker = call.Input.Optional("KeyMarker") ?? "";
        var page = await ListAsync(bucket.Name, request, ListingPosition.After(keyMarker), call.Aborted);
        var output = request.CommonOutput(bucket.Name, page);
        output["KeyMarker"] = request.Encoder(keyMarker);
        output["VersionIdMarker"] = call.Input.Optional("VersionIdMarker") ?? "";
        // An unversioned bucket has one "null" version per key, always the latest.
        output["Versions"] = new JsonArray(page.Objects.Select(o => (JsonNode)new JsonObject
        {
            ["ETag"] = o.ETag,
            ["Size"] = o.Size,
            ["StorageClass"] = o.StorageClass,
            ["Key"] = request.Encoder(o.Key),
            ["VersionId"] = "null",
            ["IsLatest"] = true,
            ["LastModified"] = o.LastModified,
            ["Owner"] = Owner(bucket.AccountId),
        }).ToArray());
        if (page.Next is not null)
        {
            output["NextKeyMarker"] = request.Encoder(page.LastListed!);
            output["NextVersionIdMarker"] = "null";
        }
        return output;
    }

    private static JsonArray ContentsJson(IEnumerable<ObjectSummary> objects, Func<string, string> encode, string? ownerAccount) =>
        new(objects.Select(o =>
        {
            var entry = new JsonObject
            {
                ["Key"] = encode(o.Key),
                ["LastModified"] = o.LastModified,
                ["ETag"] = o.ETag,
                ["Size"] = o.Size,
                ["StorageClass"] = o.StorageClass,
            };
            if (o.Checksum is { } checksum)
            {
                entry["ChecksumAlgorithm"] = new JsonArray(Bodies.Checksums.WireName(checksum.Algorithm));
                entry["ChecksumType"] = checksum.Type;
            }
            if (ownerAccount is not null)
            {
                entry["Owner"] = Owner(ownerAccount);
            }
            return (JsonNode)entry;
        }).ToArray());

    /// <summary>
    /// Walks keys in order from <paramref name="position"/>, folding keys that share a prefix up to the delimiter into one
    /// common prefix (and seeking past the rest of them), until max-keys entries are collected.
    /// </summary>
    private async Task<ListingPage> ListAsync(string bucket, ListingRequest request, ListingPosition position, CancellationToken cancellationToken)
    {
        var objects = new List<ObjectSummary>();
        var prefixes = new List<string>();
        string? lastListed = null;
        var max = request.MaxKeys;
        var cursor = position;
        while (objects.Count + prefixes.Count < max)
        {
            var batchSize = Math.Min(1000, max - objects.Count - prefixes.Count + 1);
            var batch = await database.ReadAsync(db => S3Store.ListObjectsAsync(db, bucket, request.Prefix, cursor.From, cursor.Inclusive, batchSize), cancellationToken);
            if (batch.Count == 0)
            {
                return new ListingPage(objects, prefixes, null, lastListed);
            }
            var seeked = false;
            foreach (var item in batch)
            {
                if (objects.Count + prefixes.Count == max)
                {
                    return new ListingPage(objects, prefixes, cursor, lastListed);
                }
                if (cursor.SkippedPrefix is { } skipped && item.Key.StartsWith(skipped, StringComparison.Ordinal))
                {
                    cursor = cursor with { From = item.Key, Inclusive = false };
                    continue;
                }
                var common = request.CommonPrefixOf(item.Key);
                if (common is null)
                {
                    objects.Add(item);
                    lastListed = item.Key;
                    cursor = ListingPosition.After(item.Key);
                    continue;
                }
                // A prefix at or before the marker was listed on an earlier page (ListObjects' NextMarker is the prefix itself).
                if (string.CompareOrdinal(common, position.From) > 0 || position.Inclusive)
                {
                    prefixes.Add(common);
                    lastListed = common;
                }
                cursor = ListingPosition.PastPrefix(common);
                seeked = true;
                break;
            }
            if (!seeked && batch.Count < batchSize)
            {
                return new ListingPage(objects, prefixes, null, lastListed);
            }
        }
        // Full page: truncated only if something follows.
        var more = await database.ReadAsync(db => S3Store.ListObjectsAsync(db, bucket, request.Prefix, cursor.From, cursor.Inclusive, 1), cancellationToken);
        return new ListingPage(objects, prefixes, more.Count > 0 ? cursor : null, lastListed);
    }
}

internal sealed record ListingPage(IReadOnlyList<ObjectSummary> Objects, IReadOnlyList<string> CommonPrefixes, ListingPosition? Next, string? LastListed);

/// <summary>Where a listing resumes: after a key, or past every key starting with a common prefix.</summary>
internal sealed record ListingPosition(string From, bool Inclusive, string? SkippedPrefix)
{
    public static ListingPosition After(string key) => new(key, false, null);

    /// <summary>The first key that does not start with <paramref name="prefix"/> sorts at or after the prefix with its last character incremented.</summary>
    public static ListingPosition PastPrefix(string prefix)
    {
        var last = prefix[^1];
        return char.IsSurrogate(last) || last == char.MaxValue
            ? new ListingPosition(prefix, false, prefix)
            : new ListingPosition(prefix[..^1] + (char)(last + 1), true, prefix);
    }

    public string Encode() => SkippedPrefix is not null ? "P" + SkippedPrefix : "K" + From;

    public static ListingPosition Decode(string text) => text.Length > 0 && text[0] == 'P' ? PastPrefix(text[1..]) : After(text.Length > 0 ? text[1..] : "");
}

internal sealed record ListingRequest(string Prefix, string? Delimiter, int MaxKeys, bool UrlEncoded)
{
    public static ListingRequest Of(JsonObject input)
    {
        var encoding = input.Optional("EncodingType");
        if (encoding is not null && encoding != "url")
        {
            throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encoding);
        }
        var maxKeys = input.OptionalInt64("MaxKeys") ?? 1000;
        if (maxKeys < 0)
        {
            throw S3Errors.InvalidArgument("max-keys cannot be negative", "max-keys", maxKeys.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var delimiter = input.Optional("Delimiter");
        return new ListingRequest(input.Optional("Prefix") ?? "", delimiter is { Length: > 0 } ? delimiter : null, (int)Math.Min(maxKeys, 1000), encoding == "url");
    }

    public Func<string, string> Encoder => UrlEncoded ? Uri.EscapeDataString : static s => s;

    public string? CommonPrefixOf(string key)
    {
        if (Delimiter is null)
        {
            return null;
        }
        var at = key.IndexOf(Delimiter, Prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + Delimiter.Length)];
    }

    public JsonObject CommonOutput(string bucket, ListingPage page)
    {
        var output = new JsonObject
        {
            ["Name"] = bucket,
            ["Prefix"] = Encoder(Prefix),
            ["MaxKeys"] = MaxKeys,
            ["IsTruncated"] = page.Next is not null,
            ["CommonPrefixes"] = new JsonArray(page.CommonPrefixes.Select(p => (JsonNode)new JsonObject { ["Prefix"] = Encoder(p) }).ToArray()),
        };
        if (Delimiter is not null)
        {
            output["Delimiter"] = Encoder(Delimiter);
        }
        if (UrlEncoded)
        {
            output["EncodingType"] = "url";
        }
        return output;
    }
}
