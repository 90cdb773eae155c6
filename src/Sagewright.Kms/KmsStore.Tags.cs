using Sagewright.Data;

namespace Sagewright.Kms;

internal static partial class KmsStore
{
    public static Task<IReadOnlyList<KmsTag>> ListTagsAsync(DbSession db, KeyRecord key) => db.QueryAsync(
        "SELECT tag_key, tag_value FROM kms_tags WHERE account_id = @AccountId AND region = @Region AND key_id = @KeyId ORDER BY tag_key",
        r => new KmsTag(r.GetString("tag_key"), r.GetString("tag_value")),
        new { key.AccountId, key.Region, key.KeyId });

    /// <summary>Adds the tags, replacing the value of a key already there.</summary>
    public static async Task PutTagsAsync(DbSession db, KeyRecord key, IEnumerable<KmsTag> tags)
    {
        foreach (var tag in tags)
        {
            await db.ExecuteAsync(
                """
                INSERT INTO kms_tags (account_id, region, key_id, tag_key, tag_value) VALUES (@AccountId, @Region, @KeyId, @TagKey, @TagValue)
                ON CONFLICT (account_id, region, key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value
                """,
                new { key.AccountId, key.Region, key.KeyId, tag.TagKey, tag.TagValue });
        }
    }

    public static async Task DeleteTagsAsync(DbSession db, KeyRecord key, IEnumerable<string> tagKeys)
    {
        foreach (var tagKey in tagKeys)
        {
            await db.ExecuteAsync(
                "DELETE FROM kms_tags WHERE account_id = @AccountId AND region = @Region AND key_id = @KeyId AND tag_key = @tagKey",
                new { key.AccountId, key.Region, key.KeyId, tagKey });
        }
    }
}
