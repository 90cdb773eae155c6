using Sagewright.Data;

namespace Sagewright.SageMaker.Registry;

/// <summary>
/// Tags given when a group or package is created, kept with it (and removed with it) for the SageMaker-wide
/// AddTags/ListTags/DeleteTags, which are not served yet.
/// </summary>
internal static partial class RegistryStore
{
    public static async Task InsertTagsAsync(DbSession db, string accountId, string region, string resourceArn, IReadOnlyList<RegistryTag> tags)
    {
        foreach (var tag in tags)
        {
            await db.ExecuteAsync(
                """
                INSERT INTO sagemaker_registry_tags (account_id, region, resource_arn, tag_key, tag_value)
                VALUES (@accountId, @region, @resourceArn, @Key, @Value)
                ON CONFLICT (account_id, region, resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value
                """,
                new { accountId, region, resourceArn, tag.Key, tag.Value });
        }
    }

    public static Task<IReadOnlyList<RegistryTag>> ListTagsAsync(DbSession db, string accountId, string region, string resourceArn) => db.QueryAsync(
        "SELECT tag_key, tag_value FROM sagemaker_registry_tags WHERE account_id = @accountId AND region = @region AND resource_arn = @resourceArn ORDER BY tag_key",
        r => new RegistryTag(r.GetString("tag_key"), r.GetString("tag_value")), new { accountId, region, resourceArn });

    public static Task DeleteTagsAsync(DbSession db, string accountId, string region, string resourceArn) => db.ExecuteAsync(
        "DELETE FROM sagemaker_registry_tags WHERE account_id = @accountId AND region = @region AND resource_arn = @resourceArn",
        new { accountId, region, resourceArn });
}
