using System.Text.Json.Nodes;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Kms;

internal sealed partial class KmsHandlers
{
    private const int MaxTagsPerKey = 50;
    private const int ListResourceTagsDefaultLimit = 50;

    public async ValueTask<OperationResult> TagResource(OperationCall call)
    {
        var tags = call.Input.Tags();
        await ChangeKeyAsync(call, async (db, key, _) =>
        {
            RequireNotPendingDeletion(key);
            CheckTags(tags, await KmsStore.ListTagsAsync(db, key));
            await KmsStore.PutTagsAsync(db, key, tags);
            return true;
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> UntagResource(OperationCall call)
    {
        var tagKeys = call.Input.StringList("TagKeys");
        await ChangeKeyAsync(call, async (db, key, _) =>
        {
            RequireNotPendingDeletion(key);
            await KmsStore.DeleteTagsAsync(db, key, tagKeys);
            return true;
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> ListResourceTags(OperationCall call)
    {
        var limit = call.Input.OptionalInt32("Limit") ?? ListResourceTagsDefaultLimit;
        var startKey = StartKey(call.Input);
        var tags = await Database.ReadAsync(db => KmsStore.ListTagsAsync(db, authorized.Of(call)), call.Aborted);
        var window = tags.Where(t => string.CompareOrdinal(t.TagKey, startKey) >= 0).Take(limit + 1).ToArray();
        return Page("Tags", window, limit, t => t.TagKey, t => new JsonObject { ["TagKey"] = t.TagKey, ["TagValue"] = t.TagValue });
    }

    /// <summary>Tag keys are unique per request, "aws:" is reserved, and a key holds at most 50 tags.</summary>
    private void CheckTags(IReadOnlyList<KmsTag> added, IReadOnlyList<KmsTag> existing)
    {
        if (added.Select(t => t.TagKey).Distinct(StringComparer.Ordinal).Count() != added.Count)
        {
            throw Errors.Tag("Duplicate tag keys");
        }
        if (added.FirstOrDefault(t => t.TagKey.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            throw Errors.Tag($"Tag key {reserved.TagKey} is invalid: tags that begin with aws: are reserved for AWS use.");
        }
        if (existing.Select(t => t.TagKey).Union(added.Select(t => t.TagKey), StringComparer.Ordinal).Count() > MaxTagsPerKey)
        {
            throw Errors.Tag($"A KMS key can have at most {MaxTagsPerKey} tags.");
        }
    }
}
