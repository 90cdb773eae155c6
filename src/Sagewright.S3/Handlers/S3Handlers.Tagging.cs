using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Handlers;

/// <summary>Object tags: x-amz-tagging on writes, Get/Put/DeleteObjectTagging, and the x-amz-tagging-count GETs answer.</summary>
internal sealed partial class S3Handlers
{
    private const int MaxObjectTags = 10;

    public async ValueTask<OperationResult> GetObjectTagging(OperationCall call)
    {
        var item = await ExistingObjectAsync(call);
        return new JsonObject { ["TagSet"] = item.Tags is { } tags ? JsonNode.Parse(tags) : new JsonArray() };
    }

    public async ValueTask<OperationResult> PutObjectTagging(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        var tags = ValidatedTags(call.Input["Tagging"]?["TagSet"] as JsonArray ?? throw S3Errors.MalformedXml());
        await WriteAsync(call, async db =>
        {
            if (!await S3Store.SetObjectTagsAsync(db, bucket.Name, key, tags))
            {
                throw S3Errors.NoSuchKey(key);
            }
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> DeleteObjectTagging(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        await WriteAsync(call, async db =>
        {
            if (!await S3Store.SetObjectTagsAsync(db, bucket.Name, key, null))
            {
                throw S3Errors.NoSuchKey(key);
            }
        });
        return new OperationResult { StatusCode = 204 };
    }

    private async Task<StoredObject> ExistingObjectAsync(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var key = Key(call);
        return await database.ReadAsync(db => S3Store.FindObjectAsync(db, bucket.Name, key), call.Aborted)
            ?? throw await MissingKeyAsync(call, bucket, key);
    }

    /// <summary>The tags of x-amz-tagging ("k1=v1&amp;k2=v2", URL-encoded) as a stored TagSet, or null when absent or empty.</summary>
    private static string? TagsFromHeader(JsonObject input)
    {
        if (input.Optional("Tagging") is not { Length: > 0 } header)
        {
            return null;
        }
        var tags = new JsonArray();
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            tags.Add(new JsonObject { ["Key"] = name, ["Value"] = value });
        }
        return ValidatedTags(tags);

        static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    private static string? ValidatedTags(JsonArray tags)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags.OfType<JsonObject>())
        {
            var key = tag.Optional("Key") ?? throw S3Errors.MalformedXml();
            var value = tag.Optional("Value") ?? "";
            if (!keys.Add(key))
            {
                throw InvalidTag("Cannot provide multiple Tags with the same key");
            }
            if (key.Length is 0 or > 128 || value.Length > 256)
            {
                throw InvalidTag("The TagKey you have provided is invalid");
            }
        }
        if (keys.Count > MaxObjectTags)
        {
            throw InvalidTag("Object tags cannot be greater than 10");
        }
        return keys.Count == 0 ? null : tags.ToJsonString();
    }

    private static Core.AwsServiceException InvalidTag(string message) => new("InvalidTag", message, 400);

    private static void AddTagCount(JsonObject output, StoredObject item)
    {
        if (item.Tags is { } tags && JsonNode.Parse(tags) is JsonArray { Count: > 0 } list)
        {
            output["TagCount"] = list.Count;
        }
    }
}
