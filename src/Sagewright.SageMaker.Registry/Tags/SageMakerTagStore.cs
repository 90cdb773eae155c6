using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Inputs;

namespace Sagewright.SageMaker.Registry.Tags;

/// <summary>
/// Tags of every SageMaker resource, keyed by (account, region, resource ARN, key) in <c>sagemaker_tags</c>. The owner
/// of a resource deletes its tags in the same transaction that deletes the resource.
/// </summary>
internal static class SageMakerTagStore
{
    public static IReadOnlyList<SageMakerTag> Read(JsonArray? tags) =>
        (tags ?? []).OfType<JsonObject>().Select(t => new SageMakerTag(t.Required("Key"), t.Required("Value"))).ToArray();

    public static JsonArray ToJson(IEnumerable<SageMakerTag> tags) =>
        new(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());

    /// <summary>Adds the tags, replacing the value of a key the resource already has.</summary>
    public static async Task AddAsync(DbSession db, string accountId, string region, string resourceArn, IReadOnlyList<SageMakerTag> tags)
    {
        foreach (var tag in tags)
        {
            await db.ExecuteAsync(
                """
                INSERT INTO sagemaker_tags (account_id, region, resource_arn, tag_key, tag_value)
                VALUES (@accountId, @region, @resourceArn, @Key, @Value)
                ON CONFLICT (account_id, region, resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value
                """,
                new { accountId, region, resourceArn, tag.Key, tag.Value });
        }
    }

    public static Task<IReadOnlyList<SageMakerTag>> ListAsync(DbSession db, string accountId, string region, string resourceArn) => db.QueryAsync(
        "SELECT tag_key, tag_value FROM sagemaker_tags WHERE account_id = @accountId AND region = @region AND resource_arn = @resourceArn ORDER BY tag_key",
        r => new SageMakerTag(r.GetString("tag_key"), r.GetString("tag_value")), new { accountId, region, resourceArn });

    public static async Task DeleteAsync(DbSession db, string accountId, string region, string resourceArn, IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            await db.ExecuteAsync(
                "DELETE FROM sagemaker_tags WHERE account_id = @accountId AND region = @region AND resource_arn = @resourceArn AND tag_key = @key",
                new { accountId, region, resourceArn, key });
        }
    }

    public static Task DeleteAllAsync(DbSession db, string accountId, string region, string resourceArn) => db.ExecuteAsync(
        "DELETE FROM sagemaker_tags WHERE account_id = @accountId AND region = @region AND resource_arn = @resourceArn",
        new { accountId, region, resourceArn });
}
